import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_USAGE_BATCH, parseUsageBatch, type UsageEvent } from './usage-events.js';

const event = (overrides: Partial<UsageEvent> = {}): UsageEvent => ({
  id: randomUUID(),
  requestId: 'req_123',
  occurredAt: '2026-11-23T12:00:00.000Z',
  tenantId: randomUUID(),
  principal: { kind: 'user', id: randomUUID() },
  keyId: randomUUID(),
  route: 'chat.completions',
  model: 'gpt-4o',
  stream: true,
  deployment: { providerId: randomUUID(), upstreamModel: 'gpt-4o-2024-08-06' },
  status: 200,
  errorCode: null,
  tokens: { input: 12, output: 34, cachedInput: 0, estimated: false },
  cost: { amount: 0.00042, currency: 'USD' },
  latencyMs: { total: 812.5, upstream: 801.25 },
  attempts: 1,
  cacheHit: false,
  redactions: { EMAIL: 2 },
  ...overrides,
});

describe('parseUsageBatch', () => {
  it('accepts a batch of events, refusals and JIT callers included', () => {
    const refused = event({
      status: 403,
      errorCode: 'no_grant',
      deployment: null,
      tokens: null,
      cost: null,
      attempts: 0,
      keyId: null,
      principal: { kind: 'user', id: 'jit:00u-new' },
      latencyMs: { total: 0.4, upstream: null },
      redactions: {},
    });
    const result = parseUsageBatch({ events: [event(), refused] });
    expect(result.ok && result.batch.events).toHaveLength(2);
  });

  it.each([
    ['no events', { events: [] }, 'events'],
    [
      'a negative token count',
      { events: [event({ tokens: { input: -1, output: 0, cachedInput: 0, estimated: false } })] },
      'events[0].tokens.input',
    ],
    ['an unknown field (a prompt, say)', { events: [{ ...event(), prompt: 'hello' }] }, 'events[0]'],
    [
      'a lower-case entity type',
      { events: [event({ redactions: { email: 1 } })] },
      'events[0].redactions.email',
    ],
    ['an event id that is no uuid', { events: [event({ id: 'evt-1' })] }, 'events[0].id'],
  ])('refuses %s, naming the field', (_label, input, path) => {
    const result = parseUsageBatch(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toContain(path);
  });

  it(`refuses more than ${MAX_USAGE_BATCH} events in one batch`, () => {
    const many = Array.from({ length: MAX_USAGE_BATCH + 1 }, () => event());
    expect(parseUsageBatch({ events: many }).ok).toBe(false);
  });
});
