import { describe, expect, it } from 'vitest';
import { ScimError } from './scim.errors.js';
import type { JsonObject } from './scim-json.js';
import { applyPatch, readPatchRequest } from './scim-patch-request.js';
import { GROUP_RESOURCE, SCIM_SCHEMA, USER_RESOURCE } from './scim-schema.js';

const ENTERPRISE = SCIM_SCHEMA.ENTERPRISE_USER;

function request(...operations: unknown[]): unknown {
  return { schemas: [SCIM_SCHEMA.PATCH_OP], Operations: operations };
}

function user(): JsonObject {
  return {
    schemas: [SCIM_SCHEMA.USER],
    id: 'u1',
    userName: 'ada@example.com',
    active: true,
    emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
    meta: { resourceType: 'User' },
  };
}

describe(readPatchRequest.name, () => {
  it('lower-cases Entra ID’s op names and types its "True"/"False" strings', () => {
    expect(
      readPatchRequest(USER_RESOURCE, request({ op: 'Replace', path: 'active', value: 'False' })),
    ).toEqual([{ op: 'replace', path: 'active', value: false }]);
    expect(
      readPatchRequest(
        USER_RESOURCE,
        request({ op: 'Add', path: 'emails[type eq "work"].primary', value: 'TRUE' }),
      ),
    ).toEqual([{ op: 'add', path: 'emails[type eq "work"].primary', value: true }]);
  });

  it('spells paths and keys canonically', () => {
    expect(
      readPatchRequest(USER_RESOURCE, request({ op: 'replace', path: 'Name.GivenName', value: 'A' })),
    ).toEqual([{ op: 'replace', path: 'name.givenName', value: 'A' }]);
    expect(
      readPatchRequest(
        USER_RESOURCE,
        request({
          op: 'replace',
          path: 'urn:ietf:params:scim:schemas:core:2.0:User:DisplayName',
          value: 'A',
        }),
      ),
    ).toEqual([{ op: 'replace', path: 'displayName', value: 'A' }]);
    expect(
      readPatchRequest(
        USER_RESOURCE,
        request({ op: 'replace', value: { ACTIVE: 'false', [ENTERPRISE]: { Department: 'R&D' } } }),
      ),
    ).toEqual([{ op: 'replace', value: { active: false, [`${ENTERPRISE}:department`]: 'R&D' } }]);
  });

  it('wraps Entra ID’s bare manager id', () => {
    expect(
      readPatchRequest(USER_RESOURCE, request({ op: 'Add', path: `${ENTERPRISE}:manager`, value: 'm-1' })),
    ).toEqual([{ op: 'add', path: `${ENTERPRISE}:manager`, value: { value: 'm-1' } }]);
  });

  it('turns a removal of members by value into value-filtered removals', () => {
    expect(
      readPatchRequest(
        GROUP_RESOURCE,
        request({ op: 'Remove', path: 'members', value: [{ value: 'a', $ref: null }, { value: 'b"c' }] }),
      ),
    ).toEqual([
      { op: 'remove', path: 'members[value eq "a"]' },
      { op: 'remove', path: 'members[value eq "b\\"c"]' },
    ]);
  });

  it('drops the password and the read-only id of path-less values; null unassigns', () => {
    expect(
      readPatchRequest(
        GROUP_RESOURCE,
        request({ op: 'replace', value: { id: 'g1', displayName: 'Renamed', externalId: null } }),
      ),
    ).toEqual([
      { op: 'replace', value: { displayName: 'Renamed' } },
      { op: 'remove', path: 'externalId' },
    ]);
    expect(
      readPatchRequest(USER_RESOURCE, request({ op: 'replace', path: 'password', value: 'hunter2' })),
    ).toEqual([]);
    expect(
      JSON.stringify(
        readPatchRequest(USER_RESOURCE, request({ op: 'replace', value: { password: 'hunter2' } })),
      ),
    ).not.toContain('hunter2');
  });

  it('names what is wrong', () => {
    const scimType = (body: unknown): string | undefined => {
      try {
        readPatchRequest(USER_RESOURCE, body);
      } catch (error) {
        if (error instanceof ScimError) return error.scimType;
        throw error;
      }
      return undefined;
    };
    expect(scimType(request({ op: 'replace', path: 'nope', value: 1 }))).toBe('invalidPath');
    expect(scimType(request({ op: 'replace', path: 'meta.created', value: 'x' }))).toBe('mutability');
    expect(scimType(request({ op: 'remove' }))).toBe('noTarget');
    expect(scimType(request({ op: 'copy', path: 'title' }))).toBe('invalidSyntax');
    expect(scimType({ Operations: [] })).toBe('invalidSyntax');
    expect(scimType('not an object')).toBe('invalidSyntax');
  });
});

describe(applyPatch.name, () => {
  it('applies Okta’s path-less deactivation and a filtered add', () => {
    const document = user();
    applyPatch(
      document,
      readPatchRequest(USER_RESOURCE, request({ op: 'replace', value: { active: false } })),
    );
    applyPatch(
      document,
      readPatchRequest(
        USER_RESOURCE,
        request({ op: 'add', path: 'emails[type eq "home"].value', value: 'a@home.test' }),
      ),
    );
    expect(document.active).toBe(false);
    expect(document.emails).toEqual([
      { value: 'ada@example.com', type: 'work', primary: true },
      { type: 'home', value: 'a@home.test' },
    ]);
  });

  it('treats removing what is not there as done', () => {
    const document = user();
    applyPatch(
      document,
      readPatchRequest(USER_RESOURCE, request({ op: 'remove', path: 'emails[type eq "home"].value' })),
    );
    applyPatch(document, readPatchRequest(USER_RESOURCE, request({ op: 'remove', path: 'title' })));
    expect(document).toEqual(user());
  });
});
