import type { DirectoryEmail, DirectoryUserEntity } from '../entities/directory-user.entity.js';
import type { DirectoryGroupEntity } from '../entities/directory-group.entity.js';
import { ScimErrors } from './scim.errors.js';
import {
  canonicalJson,
  type Json,
  type JsonObject,
  isJsonObject,
  memberDigest,
  weakEtag,
} from './scim-json.js';
import { SCIM_SCHEMA } from './scim-schema.js';

/**
 * Translation between the directory's rows and SCIM resources. A user's core columns (userName,
 * name.givenName/familyName, displayName, active, emails, externalId) are the identity core's own;
 * every other supported attribute is kept, keyed by schema URN, in `attributes`.
 */

export interface GroupRef {
  id: string;
  displayName: string;
}

export interface MemberRef {
  id: string;
  display: string;
}

/** The fields a SCIM User sets on a directory row. */
export interface UserFields {
  userName: string;
  externalId: string | null;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  emails: DirectoryEmail[];
  primaryEmail: string | null;
  active: boolean | undefined;
  attributes: Record<string, unknown>;
}

const CORE_NAME_COLUMNS = ['givenName', 'familyName'] as const;
const COLUMN_ATTRIBUTES = new Set(['userName', 'externalId', 'displayName', 'active', 'emails', 'name']);

function stringOrNull(value: Json | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/** A validated SCIM User (from readResource) as directory fields. */
export function userFieldsOf(resource: JsonObject): UserFields {
  const userName = resource.userName;
  if (typeof userName !== 'string') throw ScimErrors.invalidValue('userName is required');
  const name = isJsonObject(resource.name) ? resource.name : {};
  const emails = Array.isArray(resource.emails)
    ? resource.emails.filter(isJsonObject).map((email) => {
        if (typeof email.value !== 'string') throw ScimErrors.invalidValue('Each of emails needs a value');
        const entry: DirectoryEmail & { display?: string } = { value: email.value };
        if (typeof email.type === 'string') entry.type = email.type;
        if (typeof email.primary === 'boolean') entry.primary = email.primary;
        if (typeof email.display === 'string') entry.display = email.display;
        return entry;
      })
    : [];
  const primary = emails.find((email) => email.primary === true) ?? emails[0];

  const core: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    if (!COLUMN_ATTRIBUTES.has(key) && !key.startsWith('urn:')) core[key] = value;
  }
  const extraName: JsonObject = {};
  for (const [key, value] of Object.entries(name)) {
    if (!(CORE_NAME_COLUMNS as readonly string[]).includes(key)) extraName[key] = value;
  }
  if (Object.keys(extraName).length > 0) core.name = extraName;
  const attributes: Record<string, unknown> = {};
  if (Object.keys(core).length > 0) attributes[SCIM_SCHEMA.USER] = core;
  const enterprise = resource[SCIM_SCHEMA.ENTERPRISE_USER];
  if (isJsonObject(enterprise) && Object.keys(enterprise).length > 0)
    attributes[SCIM_SCHEMA.ENTERPRISE_USER] = enterprise;

  return {
    userName,
    externalId: stringOrNull(resource.externalId),
    displayName: stringOrNull(resource.displayName),
    givenName: stringOrNull(name.givenName),
    familyName: stringOrNull(name.familyName),
    emails,
    primaryEmail: primary?.value.toLowerCase() ?? null,
    active: typeof resource.active === 'boolean' ? resource.active : undefined,
    attributes,
  };
}

function storedObject(attributes: Record<string, unknown>, urn: string): JsonObject {
  const value = attributes[urn];
  return isJsonObject(value) ? value : {};
}

/**
 * The user's writable SCIM attributes (no id, meta or groups), in canonical form: what PATCH
 * starts from, what the version is computed over, and what audit events show.
 */
export function userDocument(user: DirectoryUserEntity): JsonObject {
  const core = storedObject(user.attributes, SCIM_SCHEMA.USER);
  const enterprise = storedObject(user.attributes, SCIM_SCHEMA.ENTERPRISE_USER);
  const name: JsonObject = { ...(isJsonObject(core.name) ? core.name : {}) };
  if (user.givenName !== null) name.givenName = user.givenName;
  if (user.familyName !== null) name.familyName = user.familyName;
  const document: JsonObject = {};
  if (user.externalId !== null) document.externalId = user.externalId;
  document.userName = user.userName;
  if (Object.keys(name).length > 0) document.name = name;
  if (user.displayName !== null) document.displayName = user.displayName;
  for (const [key, value] of Object.entries(core)) if (key !== 'name') document[key] = value;
  document.active = user.active;
  if (user.emails.length > 0) document.emails = user.emails.map((email) => ({ ...email }));
  if (Object.keys(enterprise).length > 0) document[SCIM_SCHEMA.ENTERPRISE_USER] = enterprise;
  // A copy: PATCH mutates it, and the row's own jsonb must not change until the fields are set.
  return structuredClone(document);
}

export function userVersion(user: DirectoryUserEntity): string {
  return weakEtag('User', user.id, canonicalJson(userDocument(user)));
}

function meta(
  resourceType: string,
  created: Date,
  lastModified: Date,
  location: string,
  version: string,
): JsonObject {
  return {
    resourceType,
    created: created.toISOString(),
    lastModified: lastModified.toISOString(),
    location,
    version,
  };
}

/** The full SCIM User; `groups` undefined when they were not loaded (not asked for). */
export function userResource(
  user: DirectoryUserEntity,
  baseUrl: string,
  groups: readonly GroupRef[] | undefined,
): JsonObject {
  const { [SCIM_SCHEMA.ENTERPRISE_USER]: enterprise, ...document } = userDocument(user);
  const schemas: Json[] = [SCIM_SCHEMA.USER];
  if (enterprise !== undefined) schemas.push(SCIM_SCHEMA.ENTERPRISE_USER);
  const resource: JsonObject = { schemas, id: user.id, ...document };
  if (groups !== undefined && groups.length > 0) {
    resource.groups = groups.map((group) => ({
      value: group.id,
      $ref: `${baseUrl}/Groups/${group.id}`,
      display: group.displayName,
      type: 'direct',
    }));
  }
  if (enterprise !== undefined) resource[SCIM_SCHEMA.ENTERPRISE_USER] = enterprise;
  resource.meta = meta(
    'User',
    user.createdAt,
    user.updatedAt,
    `${baseUrl}/Users/${user.id}`,
    userVersion(user),
  );
  return resource;
}

/** The group's writable attributes with members as `{ value }` only: what PATCH starts from. */
export function groupDocument(group: DirectoryGroupEntity, memberIds: readonly string[]): JsonObject {
  const document: JsonObject = {};
  if (group.externalId !== null) document.externalId = group.externalId;
  document.displayName = group.displayName;
  document.members = memberIds.map((id) => ({ value: id }));
  return document;
}

/** Version of a group: its own fields plus the digest of its (sorted) member ids. */
export function groupVersion(group: DirectoryGroupEntity, digest: string): string {
  return weakEtag('Group', group.id, group.displayName, group.externalId ?? '\u0000', digest);
}

export function groupVersionOf(group: DirectoryGroupEntity, sortedMemberIds: readonly string[]): string {
  return groupVersion(group, memberDigest(sortedMemberIds));
}

/** The full SCIM Group; `members` undefined when they were not loaded (excluded). */
export function groupResource(
  group: DirectoryGroupEntity,
  baseUrl: string,
  members: readonly MemberRef[] | undefined,
  version: string,
): JsonObject {
  const resource: JsonObject = { schemas: [SCIM_SCHEMA.GROUP], id: group.id };
  if (group.externalId !== null) resource.externalId = group.externalId;
  resource.displayName = group.displayName;
  if (members !== undefined) {
    resource.members = members.map((member) => ({
      value: member.id,
      $ref: `${baseUrl}/Users/${member.id}`,
      display: member.display,
      type: 'User',
    }));
  }
  resource.meta = meta('Group', group.createdAt, group.updatedAt, `${baseUrl}/Groups/${group.id}`, version);
  return resource;
}

/** Member ids of a validated SCIM Group (from readResource); only users can be members. */
export function memberIdsOf(resource: JsonObject): string[] {
  const members = Array.isArray(resource.members) ? resource.members : [];
  const ids = new Set<string>();
  for (const member of members) {
    if (!isJsonObject(member) || typeof member.value !== 'string')
      throw ScimErrors.invalidValue('Each member needs a value: the id of a User');
    if (typeof member.type === 'string' && member.type.toLowerCase() !== 'user')
      throw ScimErrors.invalidValue('Only users can be members: nested groups are not supported');
    ids.add(member.value.toLowerCase());
  }
  return [...ids];
}
