import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import {
  createScimClient,
  expectScimError,
  filterQuery,
  SCIM_ENTERPRISE,
  SCIM_GROUP,
  SCIM_PATCH,
  SCIM_USER,
  type ScimClient,
  type ScimGroupBody,
  type ScimListBody,
  type ScimUserBody,
} from '../support/scim.js';

/**
 * Replays the requests Microsoft Entra ID's provisioning service sends (Microsoft Learn, "Develop
 * and plan provisioning for a SCIM endpoint", and its SCIM validator): capitalised ops, booleans as
 * strings, value-filtered paths, the enterprise manager, externalId filters, and soft delete
 * (active "False") followed by DELETE.
 */

let cp: TestControlPlane;
let entra: ScimClient;

const ENTRA_HEADERS = {
  'content-type': 'application/scim+json',
  'user-agent': 'Azure Active Directory SCIM Client',
};
const AD_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

beforeAll(async () => {
  cp = await startTestControlPlane();
  entra = await createScimClient(cp, 'scim-entra');
});

afterAll(async () => {
  await cp.close();
});

function send<T>(method: string, path: string, body?: unknown) {
  return entra.request<T>(method, path, body, { headers: ENTRA_HEADERS });
}

function entraUser(userName: string, externalId: string): Record<string, unknown> {
  return {
    schemas: [SCIM_USER, SCIM_ENTERPRISE],
    externalId,
    userName,
    active: true,
    displayName: 'Test User',
    title: 'Engineer',
    preferredLanguage: 'en-GB',
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    phoneNumbers: [{ type: 'work', value: '+44 20 7946 0000' }],
    addresses: [{ type: 'work', formatted: '1 Main St', country: 'GB', primary: true }],
    roles: [],
    [SCIM_ENTERPRISE]: { employeeNumber: '1001', department: 'Research' },
  };
}

async function createUser(userName: string, externalId: string): Promise<ScimUserBody> {
  const created = await send<ScimUserBody>('POST', '/Users', entraUser(userName, externalId));
  expect(created.status, created.text).toBe(201);
  return created.body;
}

describe('Entra ID: users', () => {
  it('looks up by userName, creates with the enterprise extension, and finds by externalId', async () => {
    const userName = 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081@contoso.test';
    const externalId = '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef';
    const none = await send<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery(`userName eq "${userName}"`)}`,
    );
    expect(none.body.totalResults).toBe(0);

    const user = await createUser(userName, externalId);
    expect(user.schemas).toEqual([SCIM_USER, SCIM_ENTERPRISE]);
    expect(user).toMatchObject({
      externalId,
      userName,
      active: true,
      title: 'Engineer',
      preferredLanguage: 'en-GB',
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      phoneNumbers: [{ type: 'work', value: '+44 20 7946 0000' }],
      addresses: [{ type: 'work', formatted: '1 Main St', country: 'GB', primary: true }],
      [SCIM_ENTERPRISE]: { employeeNumber: '1001', department: 'Research' },
    });
    expect(user).not.toHaveProperty('roles');

    const byExternalId = await send<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery(`externalId eq "${externalId}"`)}`,
    );
    expect(byExternalId.body.Resources.map((found) => found.id)).toEqual([user.id]);
    // externalId is case-exact.
    const wrongCase = await send<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery(`externalId eq "${externalId.toUpperCase()}"`)}`,
    );
    expect(wrongCase.body.totalResults).toBe(0);
  });

  it('applies capitalised ops, filtered paths and string booleans', async () => {
    const user = await createUser('multi.valued@contoso.test', 'ext-multi');
    const patched = await send<ScimUserBody>('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@contoso.test' },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+44 7700 900000' },
        { op: 'Replace', path: 'addresses[type eq "work"].locality', value: 'London' },
        {
          op: 'Add',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          value: 'Sales',
        },
        { op: 'Replace', path: 'emails[type eq "work"].primary', value: 'True' },
      ],
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.emails).toEqual([
      { primary: true, type: 'work', value: 'updatedEmail@contoso.test' },
    ]);
    expect(patched.body.name?.familyName).toBe('updatedFamilyName');
    expect(patched.body).toMatchObject({
      phoneNumbers: [
        { type: 'work', value: '+44 20 7946 0000' },
        { type: 'mobile', value: '+44 7700 900000' },
      ],
      addresses: [{ type: 'work', formatted: '1 Main St', country: 'GB', primary: true, locality: 'London' }],
      [SCIM_ENTERPRISE]: { employeeNumber: '1001', department: 'Sales' },
    });

    // The new address is found by the lower-cased primary address too.
    const found = await send<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery('emails[type eq "work" and value eq "UPDATEDEMAIL@contoso.test"]')}`,
    );
    expect(found.body.Resources.map((match) => match.id)).toEqual([user.id]);

    const renamed = await send<ScimUserBody>('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        { op: 'Replace', path: 'userName', value: '5b50642d-79fc-4410-9e90-4c077cdd1a59@contoso.test' },
      ],
    });
    expect(renamed.body.userName).toBe('5b50642d-79fc-4410-9e90-4c077cdd1a59@contoso.test');

    const pathless = await send<ScimUserBody>('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        { op: 'Replace', value: { displayName: 'Flat Keys', 'name.givenName': 'Flat', Active: 'False' } },
      ],
    });
    expect(pathless.status, pathless.text).toBe(200);
    expect(pathless.body).toMatchObject({
      displayName: 'Flat Keys',
      name: { givenName: 'Flat' },
      active: false,
    });
  });

  it('sets and clears the enterprise manager, given as a bare id', async () => {
    const manager = await createUser('the.manager@contoso.test', 'ext-manager');
    const report = await createUser('the.report@contoso.test', 'ext-report');
    const added = await send<ScimUserBody>('PATCH', `/Users/${report.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        {
          op: 'Add',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
          value: manager.id,
        },
      ],
    });
    expect(added.status, added.text).toBe(200);
    expect(added.body[SCIM_ENTERPRISE]?.manager).toEqual({ value: manager.id });

    const viaValue = await send<ScimUserBody>('PATCH', `/Users/${report.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        {
          op: 'Replace',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
          value: report.id,
        },
      ],
    });
    expect(viaValue.body[SCIM_ENTERPRISE]?.manager).toEqual({ value: report.id });

    const cleared = await send<ScimUserBody>('PATCH', `/Users/${report.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        { op: 'Remove', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager' },
      ],
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body[SCIM_ENTERPRISE]).toEqual({ employeeNumber: '1001', department: 'Research' });
  });

  it('soft-deletes with active "False", then deletes', async () => {
    const user = await createUser('soft.delete@contoso.test', 'ext-soft');
    const disabled = await send<ScimUserBody>('PATCH', `/Users/${user.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);

    const inactive = await send<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery('externalId eq "ext-soft" and active eq false')}`,
    );
    expect(inactive.body.Resources.map((found) => found.id)).toEqual([user.id]);

    const deleted = await send('DELETE', `/Users/${user.id}`);
    expect(deleted.status).toBe(204);
    expectScimError(await send('GET', `/Users/${user.id}`), 404);
    const gone = await send<ScimListBody<ScimUserBody>>(
      'GET',
      `/Users${filterQuery('externalId eq "ext-soft"')}`,
    );
    expect(gone.body.totalResults).toBe(0);
  });

  it('refuses a string that is not a boolean', async () => {
    const user = await createUser('not.boolean@contoso.test', 'ext-not-boolean');
    expectScimError(
      await send('PATCH', `/Users/${user.id}`, {
        schemas: [SCIM_PATCH],
        Operations: [{ op: 'Replace', path: 'active', value: 'Nope' }],
      }),
      400,
      'invalidValue',
    );
  });
});

describe('Entra ID: groups', () => {
  it('creates, finds without members, renames, adds and removes members, and deletes', async () => {
    const alice = await createUser('alice.group@contoso.test', 'ext-alice');
    const bob = await createUser('bob.group@contoso.test', 'ext-bob');

    const created = await send<ScimGroupBody>('POST', '/Groups', {
      schemas: [SCIM_GROUP, AD_GROUP_SCHEMA],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Contoso Researchers',
      meta: { resourceType: 'Group' },
    });
    expect(created.status, created.text).toBe(201);
    const group = created.body;
    expect(group).toMatchObject({ externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', members: [] });

    const lookup = await send<ScimListBody<ScimGroupBody>>(
      'GET',
      `/Groups${filterQuery('displayName eq "Contoso Researchers"', '&excludedAttributes=members')}`,
    );
    expect(lookup.body.totalResults).toBe(1);
    expect(lookup.body.Resources[0]).not.toHaveProperty('members');
    expect(lookup.body.Resources[0]?.meta.version).toBe(group.meta.version);

    const byExternalId = await send<ScimListBody<ScimGroupBody>>(
      'GET',
      `/Groups${filterQuery('externalId eq "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"')}`,
    );
    expect(byExternalId.body.Resources.map((found) => found.id)).toEqual([group.id]);

    const renamed = await send('PATCH', `/Groups/${group.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'Replace', path: 'displayName', value: 'Contoso Researchers (updated)' }],
    });
    expect(renamed.status, renamed.text).toBe(204);

    const added = await send('PATCH', `/Groups/${group.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: alice.id },
            { $ref: null, value: bob.id },
          ],
        },
      ],
    });
    expect(added.status, added.text).toBe(204);
    const withMembers = await send<ScimGroupBody>('GET', `/Groups/${group.id}`);
    expect(withMembers.body.displayName).toBe('Contoso Researchers (updated)');
    expect(withMembers.body.members?.map((member) => member.value).sort()).toEqual([alice.id, bob.id].sort());

    const byMember = await send<ScimListBody<ScimGroupBody>>(
      'GET',
      `/Groups${filterQuery(`members[value eq "${alice.id}"]`, '&excludedAttributes=members')}`,
    );
    expect(byMember.body.Resources.map((found) => found.id)).toEqual([group.id]);

    const removed = await send('PATCH', `/Groups/${group.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: alice.id }] }],
    });
    expect(removed.status, removed.text).toBe(204);
    const afterRemove = await send<ScimGroupBody>('GET', `/Groups/${group.id}`);
    expect(afterRemove.body.members?.map((member) => member.value)).toEqual([bob.id]);
    expect((await send<ScimUserBody>('GET', `/Users/${alice.id}`)).body.groups).toBeUndefined();
    expect((await send<ScimUserBody>('GET', `/Users/${bob.id}`)).body.groups?.map((g) => g.value)).toEqual([
      group.id,
    ]);

    // Removing someone who is no longer a member is not an error (an IdP retrying succeeds).
    const again = await send('PATCH', `/Groups/${group.id}`, {
      schemas: [SCIM_PATCH],
      Operations: [{ op: 'Remove', path: `members[value eq "${alice.id}"]` }],
    });
    expect(again.status).toBe(204);

    expect((await send('DELETE', `/Groups/${group.id}`)).status).toBe(204);
    expectScimError(await send('GET', `/Groups/${group.id}`), 404);
  });

  it('refuses members that are not users of the tenant, and nested groups', async () => {
    const group = (
      await send<ScimGroupBody>('POST', '/Groups', { schemas: [SCIM_GROUP], displayName: 'Strict' })
    ).body;
    const other = (
      await send<ScimGroupBody>('POST', '/Groups', { schemas: [SCIM_GROUP], displayName: 'Other' })
    ).body;
    for (const value of ['f648f8d5ea4e4cd38e9c', '00000000-0000-4000-8000-000000000000', other.id]) {
      expectScimError(
        await send('PATCH', `/Groups/${group.id}`, {
          schemas: [SCIM_PATCH],
          Operations: [{ op: 'Add', path: 'members', value: [{ value }] }],
        }),
        400,
        'invalidValue',
      );
    }
    expectScimError(
      await send('PATCH', `/Groups/${group.id}`, {
        schemas: [SCIM_PATCH],
        Operations: [{ op: 'Add', path: 'members', value: [{ value: other.id, type: 'Group' }] }],
      }),
      400,
      'invalidValue',
    );
    expect((await send<ScimGroupBody>('GET', `/Groups/${group.id}`)).body.members).toEqual([]);
  });
});
