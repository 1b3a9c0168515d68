import { describe, expect, it } from 'vitest';
import { GatewayError } from '../http/gateway-error.js';
import type { ResolvedDeployment, UpstreamOutcome } from '../providers/provider-types.js';
import type { RoutableDeployment } from './gateway-runtime.js';
import { orderDeployments, Router } from './router.js';

function deployment(key: string, priority = 0, weight = 1): RoutableDeployment {
  const resolved = { upstreamModel: key } as unknown as ResolvedDeployment;
  return { key, priority, weight, providerId: key, upstreamModel: key, resolve: () => resolved };
}

const ok = (): UpstreamOutcome => ({
  kind: 'response',
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: new ReadableStream({
    start: (c) => {
      c.close();
    },
  }),
});
const status = (code: number, retryAfterMs?: number): UpstreamOutcome => ({
  kind: 'upstream-error',
  status: code,
  body: '{"error":{"message":"nope"}}',
  headers: {},
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

/** Answers scripted outcomes per deployment key and records the order of calls. */
function upstream(script: Record<string, UpstreamOutcome[]>) {
  const calls: string[] = [];
  const send = (resolved: ResolvedDeployment): Promise<UpstreamOutcome> => {
    calls.push(resolved.upstreamModel);
    const next = script[resolved.upstreamModel]?.shift() ?? ok();
    return Promise.resolve(next);
  };
  return { calls, send };
}

const never = new AbortController().signal;

describe('orderDeployments', () => {
  it('puts lower priorities first and draws by weight within one', () => {
    const list = [deployment('a', 0, 1), deployment('b', 0, 3), deployment('c', 1, 1), deployment('z', 0, 0)];
    expect(orderDeployments(list, () => 0).map((d) => d.key)).toEqual(['a', 'b', 'z', 'c']);
    expect(orderDeployments(list, () => 0.99).map((d) => d.key)).toEqual(['b', 'a', 'z', 'c']);
  });
});

describe('Router', () => {
  it('falls back to the next deployment on 5xx, 429, timeouts and connection failures', async () => {
    const router = new Router({ random: () => 0 });
    const { calls, send } = upstream({
      a: [status(503)],
      b: [{ kind: 'timeout', phase: 'first-byte' }],
      c: [ok()],
    });
    const routed = await router.route([deployment('a'), deployment('b', 1), deployment('c', 2)], send, never);
    expect(calls).toEqual(['a', 'b', 'c']);
    expect(routed).toMatchObject({ attempts: 3, deployment: { key: 'c' } });
  });

  it('does not fall back on a request the provider refused (4xx), and passes its message on', async () => {
    const router = new Router();
    const { calls, send } = upstream({ a: [status(400)] });
    const refused = router.route([deployment('a'), deployment('b', 1)], send, never);
    await expect(refused).rejects.toMatchObject({ status: 400, message: 'nope' });
    expect(calls).toEqual(['a']);
  });

  it('waits out a short retry-after when every deployment is rate limited, then answers 429 with it', async () => {
    const router = new Router({ maxRetryAfterMs: 50, random: () => 0 });
    const retried = upstream({ a: [status(429, 10), ok()] });
    await expect(router.route([deployment('a')], retried.send, never)).resolves.toMatchObject({
      attempts: 2,
    });
    expect(retried.calls).toEqual(['a', 'a']);

    const limited = upstream({ a: [status(429, 60_000)] });
    const error = await router.route([deployment('a')], limited.send, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 429, headers: { 'retry-after': '60' } });
    expect(limited.calls).toEqual(['a']);
  });

  it('maps the last failure to 502 or 504', async () => {
    const router = new Router();
    const down = upstream({ a: [{ kind: 'connection-failed', reason: 'refused' }] });
    await expect(router.route([deployment('a')], down.send, never)).rejects.toMatchObject({ status: 502 });
    const slow = upstream({ a: [{ kind: 'timeout', phase: 'total' }] });
    await expect(router.route([deployment('a')], slow.send, never)).rejects.toMatchObject({ status: 504 });
  });

  it('opens a deployment’s circuit after repeated failures and tries it last until the cooldown ends', async () => {
    let now = 1_000;
    const router = new Router({
      breakerThreshold: 2,
      breakerCooldownMs: 10_000,
      random: () => 0,
      now: () => now,
    });
    const list = [deployment('a'), deployment('b', 1)];
    for (let i = 0; i < 2; i += 1) await router.route(list, upstream({ a: [status(500)] }).send, never);
    expect(router.isOpen('a')).toBe(true);
    const skipped = upstream({});
    await router.route(list, skipped.send, never);
    expect(skipped.calls).toEqual(['b']);
    now += 10_001;
    const trial = upstream({});
    await router.route(list, trial.send, never);
    expect(trial.calls).toEqual(['a']);
    expect(router.isOpen('a')).toBe(false);
  });

  it('stops at once when the client went away', async () => {
    const router = new Router({ random: () => 0 });
    const gone = upstream({ a: [{ kind: 'aborted' }] });
    await expect(router.route([deployment('a'), deployment('b')], gone.send, never)).rejects.toMatchObject({
      status: 499,
    });
    expect(gone.calls).toHaveLength(1);
  });

  it('answers 503 for a model without deployments', async () => {
    await expect(new Router().route([], upstream({}).send, never)).rejects.toMatchObject({ status: 503 });
  });
});
