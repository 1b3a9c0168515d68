import {
  InvalidScimPatchOp,
  type ScimPatchOperation,
  ScimError as PatchLibraryError,
  scimPatch,
} from 'scim-patch';
import { parse } from 'scim2-parse-filter';
import { isDiscarded, readAttribute } from './scim-input.js';
import { type Json, type JsonObject, isJsonObject } from './scim-json.js';
import { ScimErrors } from './scim.errors.js';
import {
  type AttributeDef,
  type ResourceSchema,
  resolvePath,
  SCIM_SCHEMA,
  subAttribute,
} from './scim-schema.js';

/**
 * PATCH (RFC 7644 §3.5.2). scim-patch applies the operations; this file first rewrites the request
 * into the canonical form that library handles, because IdPs do not all speak the RFC verbatim:
 *
 * - Entra ID capitalises op names (`"Replace"`): ops are lower-cased.
 * - Entra ID sends booleans as strings (`"False"`): values are typed from the schema.
 * - Entra ID sends the enterprise manager as a bare id string: it becomes `{ "value": id }`.
 * - Entra ID removes members with `{"op":"Remove","path":"members","value":[{"value":id}]}`:
 *   each becomes a `members[value eq "id"]` removal (the library compares whole objects).
 * - Attribute names are case-insensitive (RFC 7643 §2.1): paths and value keys get their canonical
 *   spelling, so `Name.GivenName` changes `name.givenName` instead of adding a twin.
 * - Extension objects in a path-less value (`{"urn:…:enterprise:2.0:User": {…}}`) are flattened to
 *   `urn:…:User:attr` keys, the only extension form scim-patch resolves.
 * - `password` (Okta's placeholder) is dropped; `id`, `meta` and `schemas` in a path-less value
 *   (Okta's group `replace` carries `id`) are ignored; a null or empty value unassigns.
 *
 * Every path is resolved against the schema: an unknown attribute is `invalidPath`, a read-only
 * one `mutability`, before anything is applied.
 */

export const MAX_PATCH_OPERATIONS = 1000;

type Op = 'add' | 'remove' | 'replace';

interface PathParts {
  /** The canonical path to hand to scim-patch. */
  path: string;
  /** What the path's value must be: the attribute, or the sub-attribute it ends in. */
  target: AttributeDef;
  /** True when the path selects values of a multi-valued attribute (`emails[type eq "work"]`). */
  filtered: boolean;
  attribute: AttributeDef;
}

function checkFilter(filter: string, path: string): void {
  try {
    parse(filter);
  } catch {
    throw ScimErrors.invalidPath(
      `The value filter in path ${JSON.stringify(path.slice(0, 200))} is not valid`,
    );
  }
}

/**
 * Resolves a PATCH path: `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, each optionally
 * prefixed by its schema URN; `'discard'` for the `password` placeholder and `'extension'` for an
 * extension URN alone (the caller handles those).
 */
function resolvePatchPath(resource: ResourceSchema, path: string): PathParts | 'discard' | 'extension' {
  const open = path.indexOf('[');
  const attrPath = open < 0 ? path : path.slice(0, open);
  if (isDiscarded(attrPath)) return 'discard';
  const resolution = resolvePath(resource, attrPath);
  if (resolution.kind === 'extension' && open < 0) return 'extension';
  if (resolution.kind !== 'attribute')
    throw ScimErrors.invalidPath(
      `No attribute ${JSON.stringify(attrPath.slice(0, 200))} in the ${resource.name} schemas`,
    );
  const { attribute, sub } = resolution.resolved;
  if (attribute.mutability === 'readOnly' || sub?.mutability === 'readOnly')
    throw ScimErrors.mutability(`${resolution.resolved.path} is read-only`);
  if (open < 0) {
    return { path: resolution.resolved.path, target: sub ?? attribute, filtered: false, attribute };
  }
  const close = path.lastIndexOf(']');
  if (sub !== undefined || close < open || !attribute.multiValued || attribute.type !== 'complex')
    throw ScimErrors.invalidPath(`${JSON.stringify(path.slice(0, 200))} is not a valid value path`);
  const filter = path.slice(open + 1, close);
  checkFilter(filter, path);
  const tail = path.slice(close + 1);
  let tailSub: AttributeDef | undefined;
  if (tail !== '') {
    tailSub = tail.startsWith('.') ? subAttribute(attribute, tail.slice(1)) : undefined;
    if (tailSub === undefined)
      throw ScimErrors.invalidPath(
        `${attribute.name} has no sub-attribute ${JSON.stringify(tail.slice(1, 100))}`,
      );
    if (tailSub.mutability === 'readOnly')
      throw ScimErrors.mutability(`${attribute.name}.${tailSub.name} is read-only`);
  }
  return {
    path: `${resolution.resolved.path}[${filter}]${tailSub === undefined ? '' : `.${tailSub.name}`}`,
    target: tailSub ?? attribute,
    filtered: tailSub === undefined,
    attribute,
  };
}

/** A value as the path's target expects it; undefined means "unassign". */
function readTargetValue(parts: PathParts, value: unknown): Json | undefined {
  if (parts.filtered) {
    // A whole value of a multi-valued attribute, such as `emails[type eq "work"]`.
    const single = { ...parts.attribute, multiValued: false };
    return readAttribute(single, value, parts.path);
  }
  return readAttribute(parts.target, value, parts.path);
}

function memberRemovals(value: unknown): ScimPatchOperation[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const id = isJsonObject(item) ? item.value : item;
    if (typeof id !== 'string')
      throw ScimErrors.invalidValue('members to remove must be given as {"value": "<id>"}');
    return { op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` };
  });
}

/** Rewrites a path-less value object into canonical keys; null values become removals. */
function pathlessOperations(
  resource: ResourceSchema,
  op: 'add' | 'replace',
  value: unknown,
): ScimPatchOperation[] {
  if (!isJsonObject(value)) throw ScimErrors.invalidValue(`A ${op} without a path needs an object value`);
  const canonical: JsonObject = {};
  const removals: ScimPatchOperation[] = [];
  const put = (path: string, attribute: AttributeDef, raw: unknown): void => {
    if (attribute.mutability === 'readOnly') return;
    const parsed = readAttribute(attribute, raw, path);
    if (parsed === undefined) removals.push({ op: 'remove', path });
    else canonical[path] = parsed;
  };
  for (const [key, raw] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (isDiscarded(key) || lower === 'schemas' || lower === 'id' || lower === 'meta') continue;
    const resolution = resolvePath(resource, key);
    if (resolution.kind === 'unknown')
      throw ScimErrors.invalidPath(
        `No attribute ${JSON.stringify(key.slice(0, 200))} in the ${resource.name} schemas`,
      );
    if (resolution.kind === 'extension') {
      if (raw === null) continue;
      if (!isJsonObject(raw)) throw ScimErrors.invalidValue(`${resolution.schema.id} must be an object`);
      for (const [name, inner] of Object.entries(raw)) {
        const attribute = resolution.schema.attributes.find(
          (a) => a.name.toLowerCase() === name.toLowerCase(),
        );
        if (attribute === undefined)
          throw ScimErrors.invalidPath(
            `No attribute ${JSON.stringify(name.slice(0, 200))} in ${resolution.schema.id}`,
          );
        put(`${resolution.schema.id}:${attribute.name}`, attribute, inner);
      }
      continue;
    }
    const { attribute, sub, path } = resolution.resolved;
    if (sub?.mutability === 'readOnly') continue;
    put(path, sub ?? attribute, raw);
  }
  const operations: ScimPatchOperation[] = [...removals];
  if (Object.keys(canonical).length > 0) operations.unshift({ op, value: canonical });
  return operations;
}

function normaliseOperation(resource: ResourceSchema, raw: unknown, index: number): ScimPatchOperation[] {
  if (!isJsonObject(raw)) throw ScimErrors.invalidSyntax(`Operations[${index}] must be an object`);
  const entries = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key.toLowerCase(), value]));
  const opName = typeof entries.op === 'string' ? entries.op.toLowerCase() : '';
  if (opName !== 'add' && opName !== 'remove' && opName !== 'replace')
    throw ScimErrors.invalidSyntax(`Operations[${index}].op must be add, remove or replace`);
  const op: Op = opName;
  const path = entries.path;
  const value: unknown = entries.value;
  if (path !== undefined && path !== null && typeof path !== 'string')
    throw ScimErrors.invalidPath(`Operations[${index}].path must be a string`);

  if (typeof path !== 'string' || path.trim() === '') {
    if (op === 'remove') throw ScimErrors.noTarget(`Operations[${index}]: remove needs a path`);
    if (!('value' in entries)) throw ScimErrors.invalidSyntax(`Operations[${index}]: ${op} needs a value`);
    return pathlessOperations(resource, op, value);
  }
  const trimmed = path.trim();
  const parts = resolvePatchPath(resource, trimmed);
  if (parts === 'discard') return [];
  if (parts === 'extension') {
    const extension = resource.extensions.find(
      (candidate) => candidate.id.toLowerCase() === trimmed.toLowerCase(),
    );
    if (extension === undefined) return [];
    if (op === 'remove')
      return extension.attributes.map((attribute) => ({
        op: 'remove',
        path: `${extension.id}:${attribute.name}`,
      }));
    return pathlessOperations(resource, op, { [extension.id]: value });
  }
  if (op === 'remove') {
    if (
      parts.attribute.name === 'members' &&
      !parts.path.includes('[') &&
      value !== undefined &&
      value !== null
    )
      return memberRemovals(value);
    return [{ op: 'remove', path: parts.path }];
  }
  if (!('value' in entries)) throw ScimErrors.invalidSyntax(`Operations[${index}]: ${op} needs a value`);
  const parsed = readTargetValue(parts, value);
  if (parsed === undefined) return [{ op: 'remove', path: parts.path }];
  return [{ op, path: parts.path, value: parsed }];
}

/** Validates a PATCH body and returns its operations in canonical form. */
export function readPatchRequest(resource: ResourceSchema, body: unknown): ScimPatchOperation[] {
  if (!isJsonObject(body)) throw ScimErrors.invalidSyntax('The body must be a SCIM PatchOp message');
  const keys = new Map(Object.keys(body).map((key) => [key.toLowerCase(), key]));
  const schemas = body[keys.get('schemas') ?? 'schemas'];
  if (
    schemas !== undefined &&
    (!Array.isArray(schemas) ||
      !schemas.some(
        (urn) => typeof urn === 'string' && urn.toLowerCase() === SCIM_SCHEMA.PATCH_OP.toLowerCase(),
      ))
  )
    throw ScimErrors.invalidSyntax(`schemas must be ["${SCIM_SCHEMA.PATCH_OP}"]`);
  const operations = body[keys.get('operations') ?? 'Operations'];
  if (!Array.isArray(operations) || operations.length === 0)
    throw ScimErrors.invalidSyntax('Operations must be a non-empty list');
  if (operations.length > MAX_PATCH_OPERATIONS)
    throw ScimErrors.tooMany(`A PATCH may hold at most ${MAX_PATCH_OPERATIONS} operations`);
  return operations.flatMap((operation, index) => normaliseOperation(resource, operation, index));
}

/**
 * Applies canonical operations to a resource document (mutating it). Removing something that is
 * not there is a no-op, so that an IdP retrying a removal succeeds.
 */
export function applyPatch(document: JsonObject, operations: readonly ScimPatchOperation[]): JsonObject {
  const resource = document as JsonObject & {
    schemas: string[];
    meta: { created: Date; lastModified: Date };
  };
  for (const operation of operations) {
    try {
      scimPatch(resource, [operation], { mutateDocument: true, treatMissingAsAdd: true });
    } catch (error) {
      if (operation.op === 'remove' && error instanceof InvalidScimPatchOp) continue;
      if (error instanceof PatchLibraryError) {
        const detail = error.message.replace(/^Invalid SCIM Patch: /, '').slice(0, 300);
        if (error.scimCode === 'noTarget') throw ScimErrors.noTarget(detail);
        throw ScimErrors.invalidValue(detail);
      }
      throw error;
    }
  }
  return document;
}
