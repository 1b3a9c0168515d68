import { describe, expect, it } from 'vitest';
import { healthResponseSchema } from './health.js';

describe('healthResponseSchema', () => {
  it('accepts a bare ok', () => {
    expect(healthResponseSchema.parse({ status: 'ok' })).toEqual({ status: 'ok' });
  });

  it('accepts named checks with optional messages', () => {
    const body = {
      status: 'error',
      checks: { config: { status: 'error', message: 'no configuration yet' }, redis: { status: 'ok' } },
    };

    expect(healthResponseSchema.parse(body)).toEqual(body);
  });

  it.each([
    [{ status: 'degraded' }, 'status'],
    [{ status: 'ok', checks: { config: { status: 'fine' } } }, 'checks.config.status'],
    [{ status: 'ok', checks: { config: { status: 'ok', message: 3 } } }, 'checks.config.message'],
  ])('rejects %j at %s', (body, path) => {
    const result = healthResponseSchema.safeParse(body);

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
  });
});
