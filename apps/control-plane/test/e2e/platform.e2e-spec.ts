import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthResponseSchema } from '@portcullis/contracts';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

let cp: TestControlPlane;

beforeAll(async () => {
  cp = await startTestControlPlane();
});

afterAll(async () => {
  await cp.close();
});

describe('health', () => {
  it('answers liveness without authentication', async () => {
    const response = await cp.request('/healthz', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL and BullMQ (Redis) answer', async () => {
    const response = await cp.request('/readyz', { token: null });
    expect(response.status).toBe(200);
    expect(healthResponseSchema.parse(await response.json())).toEqual({
      status: 'ok',
      checks: { database: { status: 'ok' }, queue: { status: 'ok' } },
    });
  });
});

describe('OpenAPI', () => {
  it('documents the admin API at /api/docs', async () => {
    const page = await cp.request('/api/docs', { token: null });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');

    const spec = (await (await cp.request('/api/docs/openapi.json', { token: null })).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/tenants', '/api/v1/tenants/{id}', '/api/v1/me', '/readyz']),
    );
  });
});

describe('unknown routes', () => {
  it('answer the admin error body with 404', async () => {
    const response = await cp.request('/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
