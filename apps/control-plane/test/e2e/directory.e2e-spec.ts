import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminErrorBodySchema } from '@portcullis/contracts';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createTenant, type TestTenant } from '../support/people.js';

let cp: TestControlPlane;
let tenant: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  cp = await startTestControlPlane();
  tenant = await createTenant(cp, 'directory');
  other = await createTenant(cp, 'directory-other');
});

afterAll(async () => {
  await cp.close();
});

async function errorOf(response: Response) {
  return adminErrorBodySchema.parse(await response.json()).error;
}

// The caller names the response shape it expects, as with fetch().json().
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
async function post<T = unknown>(path: string, json: unknown): Promise<{ status: number; body: T }> {
  const response = await cp.request(path, { method: 'POST', json });
  const body: T = (await response.json()) as T;
  return { status: response.status, body };
}

describe('directory users', () => {
  it('creates a local user with a case-insensitive unique userName per tenant', async () => {
    const first = await post<{ id: string; email: string; source: string; editable: boolean }>(
      '/api/v1/users',
      {
        tenantId: tenant.id,
        userName: 'Ada@Example.test',
        email: 'Ada@Example.test',
        displayName: 'Ada Lovelace',
      },
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ email: 'ada@example.test', source: 'local', editable: true });

    const duplicate = await cp.request('/api/v1/users', {
      method: 'POST',
      json: { tenantId: tenant.id, userName: 'ADA@example.test' },
    });
    expect(duplicate.status).toBe(409);
    expect((await errorOf(duplicate)).fields?.[0]?.field).toBe('userName');

    const elsewhere = await post('/api/v1/users', { tenantId: other.id, userName: 'ada@example.test' });
    expect(elsewhere.status).toBe(201);
  });

  it('names every invalid field', async () => {
    const response = await cp.request('/api/v1/users', {
      method: 'POST',
      json: { tenantId: 'acme', userName: '', email: 'not-an-email', active: 'yes' },
    });
    expect(response.status).toBe(400);
    const fields = (await errorOf(response)).fields?.map((problem) => problem.field);
    expect([...new Set(fields)].sort()).toEqual(['active', 'email', 'tenantId', 'userName']);
  });

  it('refuses an unknown or deleted tenant by naming tenantId', async () => {
    const response = await cp.request('/api/v1/users', {
      method: 'POST',
      json: { tenantId: '00000000-0000-4000-8000-000000000001', userName: 'x' },
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).fields?.[0]?.field).toBe('tenantId');
  });

  it('keeps users provisioned by SCIM read-only in the admin API', async () => {
    const dataSource = cp.app.get(DataSource);
    const rows = await dataSource.query<{ id: string }[]>(
      `INSERT INTO directory_users (tenant_id, source, user_name) VALUES ($1, 'scim', 'scim.user') RETURNING id`,
      [tenant.id],
    );
    const id = rows[0]?.id ?? '';
    const shown = await cp.request(`/api/v1/users/${id}`);
    expect(await shown.json()).toMatchObject({ source: 'scim', editable: false });
    const update = await cp.request(`/api/v1/users/${id}`, { method: 'PUT', json: { active: false } });
    expect(update.status).toBe(409);
    expect((await errorOf(update)).message).toMatch(/provisioned by the IdP/);
  });
});

describe('user changes', () => {
  it("clear a field with null, and take the user's role bindings along on delete", async () => {
    const user = await post<{ id: string }>('/api/v1/users', {
      tenantId: tenant.id,
      userName: 'clearable',
      email: 'clearable@example.test',
    });
    const cleared = await cp.request(`/api/v1/users/${user.body.id}`, {
      method: 'PUT',
      json: { email: null },
    });
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toMatchObject({ email: null });

    const binding = await post<{ id: string }>('/api/v1/role-bindings', {
      tenantId: tenant.id,
      role: 'developer',
      subjectType: 'user',
      subjectId: user.body.id,
    });
    expect((await cp.request(`/api/v1/users/${user.body.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await cp.request(`/api/v1/role-bindings/${binding.body.id}`)).status).toBe(404);
  });
});

describe('groups', () => {
  it('holds members of its own tenant only', async () => {
    const member = await post<{ id: string }>('/api/v1/users', { tenantId: tenant.id, userName: 'member' });
    const stranger = await post<{ id: string }>('/api/v1/users', {
      tenantId: other.id,
      userName: 'stranger',
    });

    const refused = await cp.request('/api/v1/groups', {
      method: 'POST',
      json: { tenantId: tenant.id, displayName: 'engineers', memberIds: [member.body.id, stranger.body.id] },
    });
    expect(refused.status).toBe(400);
    expect((await errorOf(refused)).fields).toEqual([
      { field: 'memberIds', message: `not users of this tenant: ${stranger.body.id}` },
    ]);

    const created = await post<{ id: string; memberIds: string[] }>('/api/v1/groups', {
      tenantId: tenant.id,
      displayName: 'engineers',
      memberIds: [member.body.id],
    });
    expect(created.status).toBe(201);
    expect(created.body.memberIds).toEqual([member.body.id]);

    const emptied = await cp.request(`/api/v1/groups/${created.body.id}`, {
      method: 'PUT',
      json: { memberIds: [] },
    });
    expect(await emptied.json()).toMatchObject({ memberIds: [] });

    const duplicate = await cp.request('/api/v1/groups', {
      method: 'POST',
      json: { tenantId: tenant.id, displayName: 'Engineers' },
    });
    expect(duplicate.status).toBe(409);
  });
});

describe('role bindings', () => {
  it('binds platform-admin only globally', async () => {
    const user = await post<{ id: string }>('/api/v1/users', {
      tenantId: tenant.id,
      userName: 'would-be-admin',
    });
    const scoped = await cp.request('/api/v1/role-bindings', {
      method: 'POST',
      json: { tenantId: tenant.id, role: 'platform-admin', subjectType: 'user', subjectId: user.body.id },
    });
    expect(scoped.status).toBe(400);
    expect((await errorOf(scoped)).fields?.[0]?.field).toBe('tenantId');
  });

  it('needs an existing subject of the tenant, or an IdP group name', async () => {
    const stranger = await post<{ id: string }>('/api/v1/users', {
      tenantId: other.id,
      userName: 'not-here',
    });
    const wrongTenant = await cp.request('/api/v1/role-bindings', {
      method: 'POST',
      json: { tenantId: tenant.id, role: 'developer', subjectType: 'user', subjectId: stranger.body.id },
    });
    expect(wrongTenant.status).toBe(400);
    expect((await errorOf(wrongTenant)).fields?.[0]?.field).toBe('subjectId');

    const missingName = await cp.request('/api/v1/role-bindings', {
      method: 'POST',
      json: { tenantId: tenant.id, role: 'developer', subjectType: 'idp-group' },
    });
    expect((await errorOf(missingName)).fields?.[0]?.field).toBe('subjectName');

    const idpGroup = await post<{ subjectName: string; subjectId: null }>('/api/v1/role-bindings', {
      tenantId: tenant.id,
      role: 'developer',
      subjectType: 'idp-group',
      subjectName: 'ml-engineers',
    });
    expect(idpGroup.status).toBe(201);
    expect(idpGroup.body).toMatchObject({ subjectName: 'ml-engineers', subjectId: null });

    const again = await cp.request('/api/v1/role-bindings', {
      method: 'POST',
      json: { tenantId: tenant.id, role: 'developer', subjectType: 'idp-group', subjectName: 'ml-engineers' },
    });
    expect(again.status).toBe(409);
  });
});

describe('tenants', () => {
  it('change settings, and soft-delete keeping the row and its slug', async () => {
    const doomed = await createTenant(cp, 'doomed');
    const updated = await cp.request(`/api/v1/tenants/${doomed.id}`, {
      method: 'PUT',
      json: { settings: { zeroDataRetention: true } },
    });
    expect(await updated.json()).toMatchObject({
      settings: { zeroDataRetention: true, jitProvisioning: false },
    });

    const badSetting = await cp.request(`/api/v1/tenants/${doomed.id}`, {
      method: 'PUT',
      json: { settings: { zeroDataRetention: 'yes' } },
    });
    expect((await errorOf(badSetting)).fields?.[0]?.field).toBe('settings.zeroDataRetention');

    expect((await cp.request(`/api/v1/tenants/${doomed.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await cp.request(`/api/v1/tenants/${doomed.id}`)).status).toBe(404);
    const rows = await cp.app
      .get(DataSource)
      .query<{ deleted_at: Date | null }[]>('SELECT deleted_at FROM tenants WHERE id = $1', [doomed.id]);
    expect(rows[0]?.deleted_at).toBeInstanceOf(Date);

    const reuse = await cp.request('/api/v1/tenants', {
      method: 'POST',
      json: { slug: doomed.slug, name: 'Again' },
    });
    expect(reuse.status).toBe(409);
  });
});
