import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createPerson, createTenant, mintToken } from '../support/people.js';
import { createScimClient, SCIM_PATCH, SCIM_USER } from '../support/scim.js';

interface Change {
  id: number;
  tenantId: string | null;
  entity: string;
  entityId: string;
  op: string;
}

let cp: TestControlPlane;

beforeAll(async () => {
  cp = await startTestControlPlane();
});

afterAll(async () => {
  await cp.close();
});

async function revision(): Promise<number> {
  const response = await cp.request('/api/v1/config-revision');
  return ((await response.json()) as { revision: number }).revision;
}

async function changesSince(since: number): Promise<Change[]> {
  const response = await cp.request(`/api/v1/config-changes?since=${since}&limit=500`);
  expect(response.status).toBe(200);
  return (await response.json()) as Change[];
}

describe('config revisions', () => {
  it('advance with every change the data plane enforces, in the change’s transaction', async () => {
    const before = await revision();
    const tenant = await createTenant(cp, 'revisions');
    const changes = await changesSince(before);
    expect(changes).toContainEqual(
      expect.objectContaining({ tenantId: tenant.id, entity: 'tenant', entityId: tenant.id, op: 'created' }),
    );
    expect(await revision()).toBeGreaterThan(before);

    // A refused change (duplicate slug) rolls back and leaves no revision behind.
    const afterCreate = await revision();
    const refused = await cp.request('/api/v1/tenants', {
      method: 'POST',
      json: { slug: tenant.slug, name: 'Again' },
    });
    expect(refused.status).toBe(409);
    const later = await changesSince(afterCreate);
    expect(later.filter((change) => change.entityId === tenant.id)).toEqual([]);
  });

  it('number every change once, without gaps, under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 12 }, () => createTenant(cp, `burst-${randomBytes(2).toString('hex')}`)),
    );
    const rows = await cp.app
      .get(DataSource)
      .query<{ revision: string }[]>(
        'SELECT revision::text AS revision FROM config_changes ORDER BY config_changes.revision',
      );
    const revisions = rows.map((row) => Number(row.revision));
    expect(revisions).toEqual(revisions.map((_value, index) => index + 1));
  });

  it('record a SCIM deactivation, which the data plane must enforce', async () => {
    const scim = await createScimClient(cp, 'revisions-scim');
    const created = await scim.request<{ id: string }>('POST', '/Users', {
      schemas: [SCIM_USER],
      userName: 'leaver@revisions.test',
      active: true,
    });
    expect(created.status).toBe(201);
    const userId = created.body.id;
    const token = await mintToken(cp, userId);
    await cp.request('/api/v1/role-bindings', {
      method: 'POST',
      json: { tenantId: scim.tenant.id, role: 'developer', subjectType: 'user', subjectId: userId },
    });
    expect((await cp.request('/api/v1/me', { token })).status).toBe(200);

    const before = await revision();
    const deactivated = await scim.request('PATCH', `/Users/${userId}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(deactivated.status).toBe(200);

    expect(await revision()).toBeGreaterThan(before);
    expect(await changesSince(before)).toContainEqual(
      expect.objectContaining({
        tenantId: scim.tenant.id,
        entity: 'user',
        entityId: userId,
        op: 'deactivated',
      }),
    );
    // …and the admin API refuses the person's token at once.
    expect((await cp.request('/api/v1/me', { token })).status).toBe(401);
  });

  it('show tenant owners only their tenants’ changes', async () => {
    const mine = await createTenant(cp, 'revisions-mine');
    const theirs = await createTenant(cp, 'revisions-theirs');
    const owner = await createPerson(cp, mine, 'owner', 'tenant-owner');
    const response = await cp.request('/api/v1/config-changes?since=0&limit=500', { token: owner.token });
    const seen = (await response.json()) as Change[];
    expect(seen.some((change) => change.tenantId === mine.id)).toBe(true);
    expect(seen.some((change) => change.tenantId === theirs.id || change.tenantId === null)).toBe(false);
  });

  it('refuse malformed paging parameters by name', async () => {
    const response = await cp.request('/api/v1/config-changes?since=-1&limit=9999');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((problem) => problem.field)).toEqual(['since', 'limit']);
  });
});
