import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';

interface ModelBody {
  id: string;
  tenantId: string | null;
  alias: string;
  inputPrice: number | null;
  outputPrice: number | null;
  deployments: { providerId: string; weight: number; priority: number }[];
}

interface ErrorBody {
  error: { code: string; fields: { field: string; message: string }[] };
}

let cp: TestControlPlane;
let tenant: TestTenant;
let otherTenant: TestTenant;
let owner: TestPerson;
let otherOwner: TestPerson;
let developer: TestPerson;
let globalProvider: string;
let tenantProvider: string;
let otherProvider: string;

const unique = (): string => randomBytes(4).toString('hex');

/** Either a model or an error body, whichever the status says. */
type Reply = ModelBody & ErrorBody;

async function post(path: string, json: unknown, token?: string): Promise<{ status: number; body: Reply }> {
  const response = await cp.request(path, {
    method: 'POST',
    json,
    ...(token === undefined ? {} : { token }),
  });
  return { status: response.status, body: (await response.json()) as Reply };
}

async function provider(tenantId: string | null, token?: string): Promise<string> {
  const { status, body } = await post(
    '/api/v1/providers',
    { tenantId, name: `p-${unique()}`, type: 'openai', baseUrl: 'https://203.0.113.10/v1' },
    token,
  );
  expect(status).toBe(201);
  return body.id;
}

beforeAll(async () => {
  cp = await startTestControlPlane();
  tenant = await createTenant(cp, 'models');
  otherTenant = await createTenant(cp, 'models-other');
  owner = await createPerson(cp, tenant, 'owner', 'tenant-owner');
  developer = await createPerson(cp, tenant, 'dev', 'developer');
  otherOwner = await createPerson(cp, otherTenant, 'owner', 'tenant-owner');
  globalProvider = await provider(null);
  tenantProvider = await provider(tenant.id, owner.token);
  otherProvider = await provider(otherTenant.id, otherOwner.token);
});

afterAll(async () => {
  await cp.close();
});

const deployment = (providerId: string, extra: Record<string, unknown> = {}) => ({
  providerId,
  upstreamModel: 'gpt-4o-2024-08-06',
  weight: 1,
  priority: 0,
  ...extra,
});

describe('models', () => {
  it('keeps a global catalog that a tenant alias shadows, unique within each', async () => {
    const alias = `gpt-${unique()}`;
    const global = await post('/api/v1/models', {
      alias,
      capabilities: ['chat', 'tools'],
      contextWindow: 128000,
      inputPrice: 2.5,
      outputPrice: 10,
      cachedInputPrice: 1.25,
      deployments: [deployment(globalProvider), deployment(globalProvider, { priority: 1, weight: 0 })],
    });
    expect(global.status).toBe(201);
    expect(global.body).toMatchObject({ tenantId: null, alias, inputPrice: 2.5, outputPrice: 10 });

    const shadow = await post(
      '/api/v1/models',
      { tenantId: tenant.id, alias, deployments: [deployment(tenantProvider), deployment(globalProvider)] },
      owner.token,
    );
    expect(shadow.status).toBe(201);
    const again = await post('/api/v1/models', { tenantId: tenant.id, alias }, owner.token);
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0]?.field).toBe('alias');
    expect((await post('/api/v1/models', { alias })).status).toBe(409);

    // Another tenant sees the global model but not tenant A's.
    expect((await cp.request(`/api/v1/models/${shadow.body.id}`, { token: otherOwner.token })).status).toBe(
      404,
    );
    expect((await cp.request(`/api/v1/models/${global.body.id}`, { token: otherOwner.token })).status).toBe(
      200,
    );
    const listed = await (await cp.request('/api/v1/models', { token: developer.token })).text();
    expect(listed).toContain(shadow.body.id);
    expect(listed).toContain(global.body.id);

    // Only platform admins change the global catalog.
    const edit = await cp.request(`/api/v1/models/${global.body.id}`, {
      method: 'PUT',
      token: owner.token,
      json: { description: 'x' },
    });
    expect(edit.status).toBe(403);
  });

  it('lists one tenant’s own models and providers with the global catalog (visibleIn)', async () => {
    const globalModel = await post('/api/v1/models', { alias: `g-${unique()}` });
    const own = await post('/api/v1/models', { tenantId: tenant.id, alias: `own-${unique()}` });
    const others = await post('/api/v1/models', { tenantId: otherTenant.id, alias: `other-${unique()}` });
    const visibleIn = (id: string) => `filter=${encodeURIComponent(JSON.stringify({ visibleIn: id }))}`;

    // The admin token sees every tenant; visibleIn narrows to the tenant's and the global ones.
    const models = await (await cp.request(`/api/v1/models?${visibleIn(tenant.id)}&range=[0,499]`)).text();
    expect(models).toContain(globalModel.body.id);
    expect(models).toContain(own.body.id);
    expect(models).not.toContain(others.body.id);
    const providers = await (
      await cp.request(`/api/v1/providers?${visibleIn(tenant.id)}&range=[0,499]`)
    ).text();
    expect(providers).toContain(globalProvider);
    expect(providers).toContain(tenantProvider);
    expect(providers).not.toContain(otherProvider);

    // It never widens what a caller sees: another tenant's owner finds none of tenant A's own.
    const outsider = await (
      await cp.request(`/api/v1/models?${visibleIn(tenant.id)}&range=[0,499]`, { token: otherOwner.token })
    ).text();
    expect(outsider).toContain(globalModel.body.id);
    expect(outsider).not.toContain(own.body.id);
  });

  it('routes only to providers the model’s tenant can see', async () => {
    const foreign = await post(
      '/api/v1/models',
      { tenantId: tenant.id, alias: `m-${unique()}`, deployments: [deployment(otherProvider)] },
      owner.token,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields[0]?.field).toBe('deployments.0.providerId');

    const globalToTenant = await post('/api/v1/models', {
      alias: `m-${unique()}`,
      deployments: [deployment(tenantProvider)],
    });
    expect(globalToTenant.status).toBe(400);
    expect(globalToTenant.body.error.fields[0]?.field).toBe('deployments.0.providerId');
  });

  it.each([
    ['a negative weight', { weight: -1 }],
    ['a fractional priority', { priority: 1.5 }],
    ['a provider id that is not a uuid', { providerId: 'x' }],
  ])('refuses a deployment with %s', async (_what, extra) => {
    const response = await post(
      '/api/v1/models',
      { tenantId: tenant.id, alias: `m-${unique()}`, deployments: [deployment(tenantProvider, extra)] },
      owner.token,
    );
    expect(response.status).toBe(400);
  });

  it('refuses to delete a provider that a model routes to', async () => {
    const providerId = await provider(tenant.id, owner.token);
    const model = await post(
      '/api/v1/models',
      { tenantId: tenant.id, alias: `m-${unique()}`, deployments: [deployment(providerId)] },
      owner.token,
    );
    expect(model.status).toBe(201);
    const refused = await cp.request(`/api/v1/providers/${providerId}`, {
      method: 'DELETE',
      token: owner.token,
    });
    expect(refused.status).toBe(409);
    await cp.request(`/api/v1/models/${model.body.id}`, { method: 'DELETE', token: owner.token });
    const deleted = await cp.request(`/api/v1/providers/${providerId}`, {
      method: 'DELETE',
      token: owner.token,
    });
    expect(deleted.status).toBe(200);
    const audit = await (
      await cp.request(
        `/api/v1/audit?filter=${encodeURIComponent(JSON.stringify({ targetId: model.body.id }))}`,
      )
    ).text();
    expect(audit).toContain('model.create');
    expect(audit).toContain('model.delete');
  });
});
