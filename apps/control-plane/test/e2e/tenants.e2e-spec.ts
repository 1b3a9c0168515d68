import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminErrorBodySchema } from '@portcullis/contracts';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';

interface Tenant {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

let cp: TestControlPlane;
// Tenants are global rows; every slug of this file carries a run-unique suffix.
const run = randomBytes(3).toString('hex');

beforeAll(async () => {
  cp = await startTestControlPlane();
});

afterAll(async () => {
  await cp.close();
});

async function errorOf(response: Response) {
  return adminErrorBodySchema.parse(await response.json()).error;
}

async function createTenant(slug: string, name = `Tenant ${slug}`): Promise<Tenant> {
  const response = await cp.request('/api/v1/tenants', { method: 'POST', json: { slug, name } });
  expect(response.status).toBe(201);
  return (await response.json()) as Tenant;
}

describe('tenants admin API', () => {
  it('creates, reads, renames and deletes a tenant', async () => {
    const created = await createTenant(`crud-${run}`, '  Crud Inc.  ');
    expect(created).toMatchObject({ slug: `crud-${run}`, name: 'Crud Inc.' });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);

    const fetched = await cp.request(`/api/v1/tenants/${created.id}`);
    expect(await fetched.json()).toEqual(created);

    const renamed = await cp.request(`/api/v1/tenants/${created.id}`, {
      method: 'PUT',
      json: { name: 'Crud Ltd.' },
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ id: created.id, slug: created.slug, name: 'Crud Ltd.' });

    const deleted = await cp.request(`/api/v1/tenants/${created.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ id: created.id });
    expect((await cp.request(`/api/v1/tenants/${created.id}`)).status).toBe(404);
  });

  it('names every offending field and changes nothing', async () => {
    const response = await cp.request('/api/v1/tenants', {
      method: 'POST',
      json: { slug: 'Not A Slug', name: '', plan: 'gold' },
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
    expect(error.fields?.map((problem) => problem.field).sort()).toEqual(['name', 'plan', 'slug']);

    const list = await cp.request(`/api/v1/tenants?filter=${encodeURIComponent('{"q":"Not A Slug"}')}`);
    expect(await list.json()).toEqual([]);
  });

  it('refuses a slug change on update', async () => {
    const tenant = await createTenant(`immutable-${run}`);
    const response = await cp.request(`/api/v1/tenants/${tenant.id}`, {
      method: 'PUT',
      json: { name: 'Renamed', slug: 'other' },
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).fields).toEqual([
      { field: 'slug', message: 'property slug should not exist' },
    ]);
    expect(await (await cp.request(`/api/v1/tenants/${tenant.id}`)).json()).toMatchObject({
      slug: tenant.slug,
    });
  });

  it('answers 409 on a duplicate slug, naming the field', async () => {
    await createTenant(`dup-${run}`);
    const response = await cp.request('/api/v1/tenants', {
      method: 'POST',
      json: { slug: `dup-${run}`, name: 'Again' },
    });
    expect(response.status).toBe(409);
    const error = await errorOf(response);
    expect(error.code).toBe('CONFLICT');
    expect(error.fields?.[0]?.field).toBe('slug');
  });

  it('answers 404 for unknown ids of any shape', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', '010101001010101011001010101011', 'x']) {
      const response = await cp.request(`/api/v1/tenants/${id}`);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    }
  });

  it('pages, sorts and searches with Content-Range', async () => {
    for (const letter of ['c', 'a', 'b'])
      await createTenant(`page-${letter}-${run}`, `Page ${letter} ${run}`);
    const filter = encodeURIComponent(JSON.stringify({ q: `page-` }));
    const response = await cp.request(
      `/api/v1/tenants?filter=${filter}&sort=${encodeURIComponent('["slug","DESC"]')}&range=${encodeURIComponent('[0,1]')}`,
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as Tenant[];
    expect(page.map((tenant) => tenant.slug)).toEqual([`page-c-${run}`, `page-b-${run}`]);
    expect(response.headers.get('content-range')).toMatch(/^tenants 0-1\/\d+$/);
  });

  it('rejects malformed list parameters by name', async () => {
    const response = await cp.request(`/api/v1/tenants?sort=${encodeURIComponent('["password","ASC"]')}`);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).fields?.[0]?.field).toBe('sort');
  });

  it('answers 400 with a clear message for a body that is not JSON', async () => {
    const response = await cp.request('/api/v1/tenants', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"slug": ',
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('VALIDATION_FAILED');
  });
});

describe('admin API authentication', () => {
  it('refuses a missing or wrong bearer token', async () => {
    const missing = await cp.request('/api/v1/tenants', { token: null });
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).code).toBe('UNAUTHENTICATED');

    const wrong = await cp.request('/api/v1/tenants', { token: 'x'.repeat(43) });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).message).toBe('The bearer token is not valid');
  });

  it('tells the caller who they are', async () => {
    const response = await cp.request('/api/v1/me');
    expect(await response.json()).toEqual({
      subject: 'admin-token',
      displayName: 'Break-glass administrator',
      via: 'admin-token',
      roles: ['platform-admin'],
      globalRoles: ['platform-admin'],
      tenants: [],
    });
  });
});

describe('request ids and logs', () => {
  it('echoes a well-formed x-request-id, logs the request under it, and never logs the token', async () => {
    const requestId = `test-${run}-request`;
    const response = await cp.request('/api/v1/me', { headers: { 'x-request-id': requestId } });
    expect(response.headers.get('x-request-id')).toBe(requestId);

    const line = cp.logs
      .entries()
      .find((entry) => (entry.req as { id?: string } | undefined)?.id === requestId);
    expect(line).toMatchObject({ msg: 'request completed', res: { statusCode: 200 } });
    expect(cp.logs.text).not.toContain(cp.adminToken);
  });

  it('replaces a malformed x-request-id with a fresh one', async () => {
    const response = await cp.request('/api/v1/me', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
