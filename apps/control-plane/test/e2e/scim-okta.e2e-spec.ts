import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { mintToken } from '../support/people.js';
import {
  createScimClient,
  expectScimError,
  filterQuery,
  SCIM_GROUP,
  SCIM_LIST,
  SCIM_PATCH,
  SCIM_USER,
  type ScimClient,
  type ScimGroupBody,
  type ScimListBody,
  type ScimUserBody,
} from '../support/scim.js';

/**
 * Replays the request sequences Okta documents for SCIM 2.0 provisioning (developer.okta.com,
 * "Build a SCIM provisioning integration" and its Runscope test suite): user lookup then create,
 * update, deactivate and reactivate with PATCH (catalogue apps) or GET-then-PUT (custom apps), and
 * group push.
 */

let cp: TestControlPlane;
let okta: ScimClient;
const PASSWORD = 't1meMa$heen-placeholder';

beforeAll(async () => {
  cp = await startTestControlPlane();
  okta = await createScimClient(cp, 'scim-okta');
});

afterAll(async () => {
  await cp.close();
});

function oktaUser(userName: string, given: string, family: string): Record<string, unknown> {
  return {
    schemas: [SCIM_USER],
    userName,
    name: { givenName: given, familyName: family },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${given} ${family}`,
    locale: 'en-US',
    externalId: `00u${given.toLowerCase()}okta`,
    groups: [],
    password: PASSWORD,
    active: true,
  };
}

async function createUser(userName: string, given = 'Test', family = 'User'): Promise<ScimUserBody> {
  const created = await okta.request<ScimUserBody>('POST', '/Users', oktaUser(userName, given, family));
  expect(created.status, created.text).toBe(201);
  return created.body;
}

describe('Okta: user create is a lookup, then a POST', () => {
  it('finds nothing, creates with 201, Location and meta, and refuses the same userName again', async () => {
    const userName = 'isabelle.smith@okta-example.test';
    const lookup = await okta.request<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery(`userName eq "${userName}"`, '&startIndex=1&count=100')}`,
    );
    expect(lookup.status).toBe(200);
    expect(lookup.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(lookup.body).toEqual({
      schemas: [SCIM_LIST],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });

    const created = await okta.request<ScimUserBody>(
      'POST',
      '/Users',
      oktaUser(userName, 'Isabelle', 'Smith'),
    );
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    const user = created.body;
    expect(user).toMatchObject({
      schemas: [SCIM_USER],
      userName,
      name: { givenName: 'Isabelle', familyName: 'Smith' },
      emails: [{ primary: true, value: userName, type: 'work' }],
      displayName: 'Isabelle Smith',
      locale: 'en-US',
      externalId: '00uisabelleokta',
      active: true,
      meta: { resourceType: 'User' },
    });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('location')).toBe(`${cp.url}/scim/v2/Users/${user.id}`);
    expect(user.meta.location).toBe(created.headers.get('location'));
    expect(user.meta.version).toMatch(/^W\/".+"$/);
    expect(created.headers.get('etag')).toBe(user.meta.version);
    expect(Date.parse(user.meta.created)).not.toBeNaN();
    expect(user.meta.lastModified).toBe(user.meta.created);

    // Okta's test suite looks the user up by the name in capitals: userName is case-insensitive.
    const upper = await okta.request<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery(`userName eq "${userName.toUpperCase()}"`, '&startIndex=1&count=100')}`,
    );
    expect(upper.body.totalResults).toBe(1);
    expect(upper.body.Resources[0]?.id).toBe(user.id);

    const again = await okta.request('POST', '/Users', oktaUser(userName.toUpperCase(), 'Isabelle', 'Smith'));
    expectScimError(again, 409, 'uniqueness');

    const fetched = await okta.request<ScimUserBody>('GET', `/Users/${user.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(user);
  });

  it('never stores, logs or echoes the placeholder password', async () => {
    const user = await createUser('pat.placeholder@okta-example.test');
    expect(JSON.stringify(user)).not.toContain(PASSWORD);
    expect(user.password).toBeUndefined();
    const fetched = await okta.request('GET', `/Users/${user.id}`);
    expect(fetched.text).not.toContain(PASSWORD);

    // Okta's password sync sends it in PATCH and PUT too.
    const patched = await okta.request('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', value: { password: PASSWORD } }],
    });
    expect(patched.status).toBe(200);
    const put = await okta.request('PUT', `/Users/${user.id}`, {
      ...oktaUser(user.userName, 'Pat', 'P'),
      password: PASSWORD,
    });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain(PASSWORD);

    const rows = await cp.app
      .get(DataSource)
      .query<{ row: string }[]>(`SELECT row_to_json(u)::text AS row FROM directory_users u WHERE id = $1`, [
        user.id,
      ]);
    expect(rows[0]?.row).not.toContain(PASSWORD);
    const audit = await cp.app
      .get(DataSource)
      .query<{ row: string }[]>(
        `SELECT row_to_json(e)::text AS row FROM audit_events e WHERE target_id = $1`,
        [user.id],
      );
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.map((event) => event.row).join('\n')).not.toContain(PASSWORD);
    expect(cp.logs.text).not.toContain(PASSWORD);
  });

  it('answers 404 in the SCIM error format for a user that does not exist, whatever its id', async () => {
    for (const id of [
      '010101001010101011001010101011',
      '00000000-0000-4000-8000-000000000000',
      'x%27%3B--',
    ]) {
      expectScimError(await okta.request('GET', `/Users/${id}`), 404);
    }
  });
});

describe('Okta: catalogue apps update, deactivate and reactivate with PATCH', () => {
  it('replaces attributes, deactivates with a path-less replace and reactivates', async () => {
    const user = await createUser('john.doe@okta-example.test', 'John', 'Doe');

    const renamed = await okta.request<ScimUserBody>('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        {
          op: 'replace',
          value: { name: { givenName: 'Johnny', familyName: 'Doe' }, displayName: 'Johnny Doe' },
        },
      ],
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({
      name: { givenName: 'Johnny', familyName: 'Doe' },
      displayName: 'Johnny Doe',
    });
    expect(renamed.body.meta.version).not.toBe(user.meta.version);

    const deactivated = await okta.request<ScimUserBody>('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect(deactivated.body.userName).toBe(user.userName);

    const inactive = await okta.request<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery(`userName eq "${user.userName}"`)}`,
    );
    expect(inactive.body.Resources[0]?.active).toBe(false);

    const reactivated = await okta.request<ScimUserBody>('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(reactivated.status).toBe(200);
    expect(reactivated.body.active).toBe(true);
  });
});

describe('Okta: custom (App Integration Wizard) apps send GET-then-PUT for everything', () => {
  it('updates, deactivates and reactivates with PUT of the whole object', async () => {
    const user = await createUser('maria.garcia@okta-example.test', 'Maria', 'Garcia');
    const current = (await okta.request<ScimUserBody>('GET', `/Users/${user.id}`)).body;

    const updated = await okta.request<ScimUserBody>('PUT', `/Users/${user.id}`, {
      ...current,
      name: { givenName: 'María', familyName: 'García' },
      emails: [{ primary: true, value: 'maria.garcia@new-example.test', type: 'work' }],
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({
      id: user.id,
      name: { givenName: 'María', familyName: 'García' },
      emails: [{ primary: true, value: 'maria.garcia@new-example.test', type: 'work' }],
    });

    const deactivated = await okta.request<ScimUserBody>('PUT', `/Users/${user.id}`, {
      ...updated.body,
      active: false,
    });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);

    const reactivated = await okta.request<ScimUserBody>('PUT', `/Users/${user.id}`, {
      ...deactivated.body,
      active: true,
    });
    expect(reactivated.body.active).toBe(true);

    // PUT replaces: what is left out is gone (displayName here).
    const { displayName: _dropped, ...withoutDisplayName } = reactivated.body;
    const replaced = await okta.request<ScimUserBody>('PUT', `/Users/${user.id}`, withoutDisplayName);
    expect(replaced.body.displayName).toBeUndefined();
  });

  it('pushes group membership with GET-then-PUT of the group', async () => {
    const a = await createUser('put.member.a@okta-example.test');
    const b = await createUser('put.member.b@okta-example.test');
    const created = await okta.request<ScimGroupBody>('POST', '/Groups', {
      schemas: [SCIM_GROUP],
      displayName: 'Wizard Group',
      members: [],
    });
    expect(created.status).toBe(201);
    const group = (await okta.request<ScimGroupBody>('GET', `/Groups/${created.body.id}`)).body;
    const put = await okta.request<ScimGroupBody>('PUT', `/Groups/${group.id}`, {
      ...group,
      members: [
        { value: a.id, display: a.userName },
        { value: b.id, display: b.userName },
      ],
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.members?.map((member) => member.value).sort()).toEqual([a.id, b.id].sort());
    const fewer = await okta.request<ScimGroupBody>('PUT', `/Groups/${group.id}`, {
      ...put.body,
      members: [{ value: b.id }],
    });
    expect(fewer.body.members?.map((member) => member.value)).toEqual([b.id]);
  });
});

describe('Okta: group push', () => {
  it('creates, renames with membership changes in one PATCH, replaces the list, and deletes', async () => {
    const users = await Promise.all(
      ['ana', 'ben', 'cy', 'dee'].map((name) => createUser(`${name}.push@okta-example.test`, name, 'Push')),
    );
    const [ana, ben, cy, dee] = users as [ScimUserBody, ScimUserBody, ScimUserBody, ScimUserBody];

    const lookup = await okta.request<ScimListBody<ScimGroupBody>>(
      'GET',
      `/Groups${filterQuery('displayName eq "Engineering"', '&startIndex=1&count=100')}`,
    );
    expect(lookup.body.totalResults).toBe(0);

    const created = await okta.request<ScimGroupBody>('POST', '/Groups', {
      schemas: [SCIM_GROUP],
      displayName: 'Engineering',
      members: [
        { value: ana.id, display: ana.userName },
        { value: ben.id, display: ben.userName },
      ],
    });
    expect(created.status, created.text).toBe(201);
    const group = created.body;
    expect(created.headers.get('location')).toBe(`${cp.url}/scim/v2/Groups/${group.id}`);
    expect(group).toMatchObject({
      schemas: [SCIM_GROUP],
      displayName: 'Engineering',
      meta: { resourceType: 'Group' },
    });
    expect(group.members?.map((member) => member.value).sort()).toEqual([ana.id, ben.id].sort());

    expectScimError(
      await okta.request('POST', '/Groups', { schemas: [SCIM_GROUP], displayName: 'engineering' }),
      409,
      'uniqueness',
    );

    // Okta: replace {id, displayName}, remove members[value eq …] and add members, in one request.
    const patched = await okta.request('PATCH', `/Groups/${group.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        { op: 'replace', value: { id: group.id, displayName: 'Engineering (all)' } },
        { op: 'remove', path: `members[value eq "${ana.id}"]` },
        { op: 'add', path: 'members', value: [{ value: cy.id, display: cy.userName }] },
      ],
    });
    expect(patched.status, patched.text).toBe(204);
    expect(patched.headers.get('etag')).toMatch(/^W\//);

    const afterPatch = await okta.request<ScimGroupBody>('GET', `/Groups/${group.id}`);
    expect(afterPatch.body.displayName).toBe('Engineering (all)');
    expect(afterPatch.body.members?.map((member) => member.value).sort()).toEqual([ben.id, cy.id].sort());
    expect(afterPatch.body.members?.find((member) => member.value === cy.id)).toEqual({
      value: cy.id,
      display: 'cy Push',
      $ref: `${cp.url}/scim/v2/Users/${cy.id}`,
      type: 'User',
    });
    expect(afterPatch.headers.get('etag')).toBe(patched.headers.get('etag'));

    // Memberships show on the users too.
    const cyNow = await okta.request<ScimUserBody>('GET', `/Users/${cy.id}`);
    expect(cyNow.body.groups).toEqual([
      {
        value: group.id,
        display: 'Engineering (all)',
        $ref: `${cp.url}/scim/v2/Groups/${group.id}`,
        type: 'direct',
      },
    ]);
    const anaNow = await okta.request<ScimUserBody>('GET', `/Users/${ana.id}`);
    expect(anaNow.body.groups).toBeUndefined();

    // Push of the whole list: replace with path members.
    const replaced = await okta.request('PATCH', `/Groups/${group.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', path: 'members', value: [{ value: dee.id }, { value: ana.id }] }],
    });
    expect(replaced.status).toBe(204);
    const afterReplace = await okta.request<ScimGroupBody>('GET', `/Groups/${group.id}`);
    expect(afterReplace.body.members?.map((member) => member.value).sort()).toEqual([ana.id, dee.id].sort());

    const found = await okta.request<ScimListBody<ScimGroupBody>>(
      'GET',
      `/Groups${filterQuery('displayName eq "engineering (ALL)"', '&startIndex=1&count=100')}`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0]?.members).toHaveLength(2);

    const deleted = await okta.request('DELETE', `/Groups/${group.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectScimError(await okta.request('GET', `/Groups/${group.id}`), 404);
    expect((await okta.request<ScimUserBody>('GET', `/Users/${ana.id}`)).body.groups).toBeUndefined();
    expectScimError(await okta.request('DELETE', `/Groups/${group.id}`), 404);
  });

  it('accepts the bodies of Okta’s own test suite sent as plain application/json', async () => {
    const created = await okta.request<ScimUserBody>(
      'POST',
      '/Users',
      oktaUser('plain.json@okta-example.test', 'Plain', 'Json'),
      {
        headers: { 'content-type': 'application/json' },
      },
    );
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
  });
});

/** A personal access token of a SCIM user who is a developer of the tenant. */
async function developerToken(userId: string): Promise<string> {
  const binding = await cp.request('/api/v1/role-bindings', {
    method: 'POST',
    json: { tenantId: okta.tenant.id, role: 'developer', subjectType: 'user', subjectId: userId },
  });
  expect(binding.status).toBe(201);
  return mintToken(cp, userId);
}

describe('effects of deprovisioning', () => {
  it('refuses the user’s personal access token right after a SCIM deactivation, and restores it on reactivation', async () => {
    const user = await createUser('leaver@okta-example.test', 'Lee', 'Ver');
    const pat = await developerToken(user.id);
    const me = () => cp.request('/api/v1/me', { token: pat });
    expect((await me()).status).toBe(200);

    await okta.request('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect((await me()).status).toBe(401);

    await okta.request('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect((await me()).status).toBe(200);
  });

  it('refuses it for good once the user is deleted', async () => {
    const user = await createUser('deleted@okta-example.test', 'Del', 'Eted');
    const pat = await developerToken(user.id);
    expect((await cp.request('/api/v1/me', { token: pat })).status).toBe(200);
    expect((await okta.request('DELETE', `/Users/${user.id}`)).status).toBe(204);
    expect((await cp.request('/api/v1/me', { token: pat })).status).toBe(401);
  });
});

describe('audit', () => {
  it('records every SCIM change with actor scim (the token) in the tenant’s trail', async () => {
    const user = await createUser('audited@okta-example.test', 'Aud', 'Ited');
    await okta.request('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    await okta.request('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    const group = (
      await okta.request<ScimGroupBody>('POST', '/Groups', {
        schemas: [SCIM_GROUP],
        displayName: 'Audited',
        members: [{ value: user.id }],
      })
    ).body;
    await okta.request('DELETE', `/Groups/${group.id}`);
    await okta.request('DELETE', `/Users/${user.id}`);

    const filter = encodeURIComponent(JSON.stringify({ tenantId: okta.tenant.id, actorType: 'scim' }));
    const response = await cp.request(
      `/api/v1/audit?filter=${filter}&range=${encodeURIComponent('[0,499]')}`,
    );
    expect(response.status).toBe(200);
    const events = (await response.json()) as {
      action: string;
      target: { type: string; id: string };
      actor: { type: string; id: string; display: string };
      before: unknown;
      after: unknown;
    }[];
    const ofUser = events.filter((event) => event.target.id === user.id).map((event) => event.action);
    expect(ofUser.sort()).toEqual(['user.create', 'user.deactivate', 'user.delete', 'user.reactivate']);
    const ofGroup = events.filter((event) => event.target.id === group.id).map((event) => event.action);
    expect(ofGroup.sort()).toEqual(['group.create', 'group.delete']);
    for (const event of events) {
      expect(event.actor).toMatchObject({
        type: 'scim',
        id: okta.tokenId,
        display: 'scim-okta provisioning',
      });
    }
    const deactivation = events.find(
      (event) => event.target.id === user.id && event.action === 'user.deactivate',
    );
    expect(deactivation?.before).toMatchObject({ active: true, userName: user.userName });
    expect(deactivation?.after).toMatchObject({ active: false });
  });
});
