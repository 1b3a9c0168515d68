import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

const sample = (text: string, line: string): number | undefined => {
  const found = text.split('\n').find((entry) => entry.startsWith(line));
  return found === undefined ? undefined : Number(found.slice(found.lastIndexOf(' ') + 1));
};

describe('data-plane metrics', () => {
  it('count tokens, cost, errors and split each call’s time between gateway and providers', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const base = {
      id: randomUUID(),
      requestId: 'r',
      occurredAt: new Date().toISOString(),
      tenantId: randomUUID(),
      principal: { kind: 'user' as const, id: randomUUID() },
      keyId: null,
      route: 'chat.completions' as const,
      model: 'gpt-4o',
      stream: false,
      deployment: null,
      status: 200,
      errorCode: null,
      tokens: { input: 100, output: 20, cachedInput: 40, estimated: false },
      cost: { amount: 0.5, currency: 'USD' },
      latencyMs: { total: 250, upstream: 240 },
      attempts: 1,
      cacheHit: false,
      redactions: {},
    };
    metrics.observeCall(base);
    metrics.observeCall({
      ...base,
      status: 403,
      errorCode: 'no_grant',
      tokens: null,
      cost: null,
      latencyMs: { total: 1, upstream: null },
    });
    metrics.configSynced(new Date(Date.now() - 5_000));
    const text = await metrics.registry.metrics();

    expect(sample(text, 'portcullis_gateway_tokens_total{direction="input",estimated="false"}')).toBe(100);
    expect(sample(text, 'portcullis_gateway_tokens_total{direction="cached_input",estimated="false"}')).toBe(
      40,
    );
    expect(sample(text, 'portcullis_gateway_cost_total{currency="USD"}')).toBe(0.5);
    expect(sample(text, 'portcullis_gateway_calls_total{route="chat.completions",error="no_grant"}')).toBe(1);
    expect(sample(text, 'portcullis_gateway_calls_total{route="chat.completions",error="none"}')).toBe(1);
    expect(sample(text, 'portcullis_gateway_upstream_duration_seconds_count{route="chat.completions"}')).toBe(
      1,
    );
    expect(sample(text, 'portcullis_gateway_own_duration_seconds_sum{route="chat.completions"}')).toBeCloseTo(
      0.011,
      6,
    );
    expect(sample(text, 'portcullis_config_age_seconds')).toBeGreaterThanOrEqual(5);
  });
});
