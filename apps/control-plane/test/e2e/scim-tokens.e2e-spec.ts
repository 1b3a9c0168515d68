import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';
import { expectScimError, SCIM_USER, type ScimListBody, type ScimUserBody } from '../support/scim.js';

/** The admin API of SCIM tokens, and what a token can and cannot do at /scim/v2. */

let cp: TestControlPlane;
let tenant: TestTenant;
let owner: TestPerson;

interface TokenBody {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token?: string;
  scimBaseUrl?: string;
}

beforeAll(async () => {
  cp = await startTestControlPlane();
  tenant = await createTenant(cp, 'scim-tokens');
  owner = await createPerson(cp, tenant, 'owner', 'tenant-owner');
});

afterAll(async () => {
  await cp.close();
});

async function createToken(name: string, as: string = owner.token, tenantId = tenant.id): Promise<Response> {
  return cp.request('/api/v1/scim-tokens', { method: 'POST', token: as, json: { tenantId, name } });
}

function scimGet(path: string, token: string): Promise<Response> {
  return fetch(`${cp.url}/scim/v2${path}`, { headers: { authorization: `Bearer ${token}` } });
}

async function scimResult(response: Response) {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as unknown, text };
}

describe('SCIM tokens', () => {
  it('are created by a tenant owner, shown once, stored only as a keyed hash, and audited', async () => {
    const response = await createToken('Okta');
    expect(response.status).toBe(201);
    const created = (await response.json()) as TokenBody;
    expect(created.token).toMatch(/^scim_[0-9A-Za-z]{43}$/);
    expect(created.token?.startsWith(created.prefix)).toBe(true);
    expect(created).toMatchObject({ tenantId: tenant.id, name: 'Okta', lastUsedAt: null, revokedAt: null });
    expect(created.scimBaseUrl).toBe(`${cp.url}/scim/v2`);

    const listed = await cp.request(
      `/api/v1/scim-tokens?filter=${encodeURIComponent(JSON.stringify({ tenantId: tenant.id }))}`,
      {
        token: owner.token,
      },
    );
    expect(listed.status).toBe(200);
    expect(listed.headers.get('content-range')).toMatch(/^scim-tokens 0-\d+\/\d+$/);
    const text = await listed.text();
    expect(text).toContain(created.id);
    expect(text).not.toContain(created.token);
    const one = (await (
      await cp.request(`/api/v1/scim-tokens/${created.id}`, { token: owner.token })
    ).json()) as TokenBody;
    expect(one).not.toHaveProperty('token');

    const rows = await cp.app
      .get(DataSource)
      .query<{ token_hash: string }[]>('SELECT token_hash FROM scim_tokens WHERE id = $1', [created.id]);
    expect(rows[0]?.token_hash).toBe(cp.settings.secretKeys.hashToken(created.token ?? ''));

    const audit = await cp.request(
      `/api/v1/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'scim-token.create', targetId: created.id }))}`,
    );
    const events = (await audit.json()) as { actor: { id: string }; tenantId: string }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ tenantId: tenant.id, actor: { id: expect.any(String) as string } });
    expect(JSON.stringify(events)).not.toContain(created.token);
  });

  it('authenticate /scim/v2 for their tenant until revoked, recording their last use', async () => {
    const created = (await (await createToken('Entra ID')).json()) as TokenBody;
    const token = created.token ?? '';
    expect((await scimGet('/Users', token)).status).toBe(200);
    const used = (await (
      await cp.request(`/api/v1/scim-tokens/${created.id}`, { token: owner.token })
    ).json()) as TokenBody;
    expect(used.lastUsedAt).not.toBeNull();

    const revoked = await cp.request(`/api/v1/scim-tokens/${created.id}`, {
      method: 'DELETE',
      token: owner.token,
    });
    expect(revoked.status).toBe(200);
    const body = (await revoked.json()) as TokenBody;
    expect(body.revokedAt).not.toBeNull();
    expectScimError(await scimResult(await scimGet('/Users', token)), 401);
    expectScimError(await scimResult(await scimGet('/ServiceProviderConfig', token)), 401);

    const again = await cp.request(`/api/v1/scim-tokens/${created.id}`, {
      method: 'DELETE',
      token: owner.token,
    });
    expect(((await again.json()) as TokenBody).revokedAt).toBe(body.revokedAt);
    const revocations = await cp.request(
      `/api/v1/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'scim-token.revoke', targetId: created.id }))}`,
    );
    expect((await revocations.json()) as unknown[]).toHaveLength(1);
  });

  it('stop working when their tenant is deleted', async () => {
    const doomed = await createTenant(cp, 'scim-doomed');
    const created = (await (await createToken('Doomed', cp.adminToken, doomed.id)).json()) as TokenBody;
    expect((await scimGet('/Users', created.token ?? '')).status).toBe(200);
    expect((await cp.request(`/api/v1/tenants/${doomed.id}`, { method: 'DELETE' })).status).toBe(200);
    expectScimError(await scimResult(await scimGet('/Users', created.token ?? '')), 401);
  });

  it('belong to tenant owners: other roles and other tenants cannot see or make them', async () => {
    const created = (await (await createToken('Private')).json()) as TokenBody;
    const developer = await createPerson(cp, tenant, 'developer', 'developer');
    const auditor = await createPerson(cp, tenant, 'auditor', 'auditor');
    for (const person of [developer, auditor]) {
      expect((await cp.request('/api/v1/scim-tokens', { token: person.token })).status).toBe(403);
      expect((await createToken('Nope', person.token)).status).toBe(403);
    }
    const elsewhere = await createTenant(cp, 'scim-tokens-elsewhere');
    const outsider = await createPerson(cp, elsewhere, 'owner', 'tenant-owner');
    expect((await cp.request(`/api/v1/scim-tokens/${created.id}`, { token: outsider.token })).status).toBe(
      404,
    );
    expect(
      (await cp.request(`/api/v1/scim-tokens/${created.id}`, { method: 'DELETE', token: outsider.token }))
        .status,
    ).toBe(404);
    expect((await createToken('Nope', outsider.token)).status).toBe(400);
    expect(await (await cp.request('/api/v1/scim-tokens', { token: outsider.token })).text()).not.toContain(
      created.id,
    );
    expect((await cp.request('/api/v1/scim-tokens/not-a-uuid', { token: owner.token })).status).toBe(404);
  });

  it('see only their own tenant', async () => {
    const a = (await (await createToken('A')).json()) as TokenBody;
    const other = await createTenant(cp, 'scim-tokens-b');
    const b = (await (await createToken('B', cp.adminToken, other.id)).json()) as TokenBody;
    const created = await fetch(`${cp.url}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.token ?? ''}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [SCIM_USER], userName: 'only.in.b@example.test' }),
    });
    const user = (await created.json()) as ScimUserBody;
    expectScimError(await scimResult(await scimGet(`/Users/${user.id}`, a.token ?? '')), 404);
    const list = (await (await scimGet('/Users', a.token ?? '')).json()) as ScimListBody<ScimUserBody>;
    expect(list.Resources.map((found) => found.id)).not.toContain(user.id);
    expect((await scimGet(`/Users/${user.id}`, b.token ?? '')).status).toBe(200);
  });

  it('validate their input', async () => {
    const response = await cp.request('/api/v1/scim-tokens', {
      method: 'POST',
      token: owner.token,
      json: { tenantId: 'x', name: '' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((problem) => problem.field).sort()).toEqual(['name', 'tenantId']);
  });
});
