import { describe, expect, it } from 'vitest';
import { ScimError } from './scim.errors.js';
import { compileFilter, GROUP_FILTER_COLUMNS, USER_FILTER_COLUMNS } from './scim-filter.js';
import { GROUP_RESOURCE, USER_RESOURCE } from './scim-schema.js';

const users = { resource: USER_RESOURCE, columns: USER_FILTER_COLUMNS };
const groups = { resource: GROUP_RESOURCE, columns: GROUP_FILTER_COLUMNS };

function scimTypeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof ScimError) return error.scimType;
    throw error;
  }
  return undefined;
}

describe(compileFilter.name, () => {
  it('compares case-insensitive attributes through lower(), which the indexes are built on', () => {
    expect(compileFilter('userName eq "Ada@Example.com"', users)).toEqual({
      sql: 'lower(u.user_name) = lower(:scimf0)',
      params: { scimf0: 'Ada@Example.com' },
    });
    expect(compileFilter('externalId eq "X1"', users).sql).toBe('u.external_id = :scimf0');
  });

  it('keeps every value out of the SQL text', () => {
    const hostile = `userName eq "x' OR 1=1 --" or displayName co "%_"`;
    const { sql, params } = compileFilter(hostile, users);
    expect(sql).not.toContain('OR 1=1');
    expect(Object.values(params)).toContain("x' OR 1=1 --");
    expect(Object.values(params)).toContain('%\\%\\_%');
  });

  it('turns e-mail equality into an indexed array containment', () => {
    expect(compileFilter('emails.value eq "a@b.c"', users).sql).toBe(
      'scim_email_values(u.emails) @> ARRAY[lower(:scimf0)]',
    );
    const valuePath = compileFilter('emails[type eq "work" and value eq "a@b.c"]', users).sql;
    expect(valuePath).toMatch(
      /^\(scim_email_values\(u\.emails\) @> ARRAY\[lower\(:scimf\d\)\] AND EXISTS \(/,
    );
  });

  it('compares times as the millisecond ranges they are shown as', () => {
    const { sql, params } = compileFilter('meta.lastModified gt "2025-01-01T00:00:00.000Z"', users);
    expect(sql).toBe('u.updated_at >= :scimf0');
    expect(params.scimf0).toEqual(new Date('2025-01-01T00:00:00.001Z'));
    expect(compileFilter('meta.created eq "2025-01-01T00:00:00Z"', users).sql).toBe(
      '(u.created_at >= :scimf0 AND u.created_at < :scimf1)',
    );
  });

  it('makes not() true for unassigned attributes', () => {
    expect(compileFilter('not (displayName eq "x")', users).sql).toBe(
      'NOT COALESCE(lower(u.display_name) = lower(:scimf0), false)',
    );
  });

  it('matches nothing for ids that are not uuids, instead of failing a cast', () => {
    expect(compileFilter('id eq "010101001010101011001010101011"', users).sql).toBe('false');
    expect(compileFilter('members eq "nope"', groups).sql).toBe('false');
  });

  it('filters groups by member through group_memberships', () => {
    const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    expect(compileFilter(`members[value eq "${id}"]`, groups)).toEqual({
      sql: 'EXISTS (SELECT 1 FROM group_memberships m WHERE m.group_id = g.id AND m.user_id = :scimf0)',
      params: { scimf0: id },
    });
  });

  it('refuses unsupported attributes, operators and values with invalidFilter', () => {
    for (const filter of [
      'title eq "x"',
      'active gt true',
      'userName eq true',
      'meta.created sw "2020"',
      'userName',
      '',
    ]) {
      expect(
        scimTypeOf(() => compileFilter(filter, users)),
        filter,
      ).toBe('invalidFilter');
    }
  });
});
