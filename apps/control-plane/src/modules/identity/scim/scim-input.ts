import { ScimErrors } from './scim.errors.js';
import { type Json, type JsonObject, isJsonObject } from './scim-json.js';
import { type AttributeDef, type ResourceSchema, resolvePath, type SchemaDef } from './scim-schema.js';

/**
 * Names accepted anywhere in a body and always discarded: `password` is the placeholder Okta sends
 * with every create. It is never stored, logged, audited or echoed.
 */
export function isDiscarded(name: string): boolean {
  return name.toLowerCase() === 'password';
}

const BOOLEAN_TEXT = /^(true|false)$/i;

/**
 * Reads a boolean, accepting Entra ID's strings "True"/"False" (any case) as well as JSON
 * booleans. Anything else is undefined.
 */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && BOOLEAN_TEXT.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

function label(path: string): string {
  return path.length > 120 ? `${path.slice(0, 117)}...` : path;
}

/** One value of a simple attribute, validated; undefined when it is unassigned. */
function readSimple(attribute: AttributeDef, value: unknown, path: string): Json | undefined {
  if (value === null || value === undefined) return undefined;
  switch (attribute.type) {
    case 'boolean': {
      const parsed = readBoolean(value);
      if (parsed === undefined) throw ScimErrors.invalidValue(`${label(path)} must be a boolean`);
      return parsed;
    }
    case 'dateTime': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        throw ScimErrors.invalidValue(`${label(path)} must be a date and time (xsd:dateTime)`);
      return new Date(value).toISOString();
    }
    case 'string':
    case 'reference': {
      if (typeof value !== 'string') throw ScimErrors.invalidValue(`${label(path)} must be a string`);
      if (value.length > attribute.maxLength)
        throw ScimErrors.invalidValue(`${label(path)} must be at most ${attribute.maxLength} characters`);
      return value === '' ? undefined : value;
    }
    case 'complex':
      throw new Error(`readSimple called on complex attribute ${attribute.name}`);
  }
}

/** One value of an attribute (complex or simple), validated and with canonical key spelling. */
function readOne(attribute: AttributeDef, value: unknown, path: string): Json | undefined {
  if (attribute.type !== 'complex') return readSimple(attribute, value, path);
  if (value === null || value === undefined) return undefined;
  // Entra ID sends the enterprise manager as a bare id string: it is the manager's `value`.
  const subs = attribute.subAttributes ?? [];
  const valueSub = subs.find((sub) => sub.name === 'value');
  const source: unknown = typeof value === 'string' && valueSub !== undefined ? { value } : value;
  if (!isJsonObject(source)) throw ScimErrors.invalidValue(`${label(path)} must be an object`);
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(source)) {
    const sub = subs.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase());
    // Unknown and read-only sub-attributes (a member's display, a manager's displayName) are not input.
    if (sub === undefined || sub.mutability === 'readOnly') continue;
    const parsed = readSimple(sub, raw, `${path}.${sub.name}`);
    if (parsed !== undefined) out[sub.name] = parsed;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** An attribute's value (multi-valued or not), validated; undefined when unassigned. */
export function readAttribute(attribute: AttributeDef, value: unknown, path: string): Json | undefined {
  if (!attribute.multiValued) {
    if (Array.isArray(value)) throw ScimErrors.invalidValue(`${label(path)} must be a single value`);
    return readOne(attribute, value, path);
  }
  if (value === null || value === undefined) return undefined;
  const items: unknown[] = Array.isArray(value) ? value : [value];
  if (items.length > attribute.maxItems)
    throw ScimErrors.invalidValue(`${label(path)} accepts at most ${attribute.maxItems} values`);
  const out: Json[] = [];
  for (const item of items) {
    const parsed = readOne(attribute, item, path);
    if (parsed !== undefined) out.push(parsed);
  }
  keepOnePrimary(out);
  return out.length === 0 ? undefined : out;
}

/**
 * At most one value may be primary (RFC 7643 §2.4); as RFC 7644 §3.5.2 asks of PATCH, the value
 * made primary last wins and the others stop being primary.
 */
function keepOnePrimary(values: Json[]): void {
  let seen = false;
  for (let index = values.length - 1; index >= 0; index--) {
    const value = values[index];
    if (isJsonObject(value) && value.primary === true) {
      if (seen) value.primary = false;
      seen = true;
    }
  }
}

function readSchemaAttributes(schema: SchemaDef, value: JsonObject, prefix: string, out: JsonObject): void {
  for (const [key, raw] of Object.entries(value)) {
    const attribute = schema.attributes.find(
      (candidate) => candidate.name.toLowerCase() === key.toLowerCase(),
    );
    if (attribute === undefined || attribute.mutability === 'readOnly') continue;
    const parsed = readAttribute(attribute, raw, `${prefix}${attribute.name}`);
    if (parsed !== undefined) out[attribute.name] = parsed;
  }
}

function checkSchemas(resource: ResourceSchema, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw ScimErrors.invalidSyntax('schemas must be a list of schema URNs');
  // Extensions we do not implement are tolerated like their attributes: they are ignored.
  const names = (value as string[]).map((urn) => urn.toLowerCase());
  if (!names.includes(resource.core.id.toLowerCase()))
    throw ScimErrors.invalidSyntax(`schemas must include ${resource.core.id}`);
}

/**
 * Reads a whole resource as POST and PUT send it (and as a PATCH leaves it): canonical attribute
 * names, types checked (with Entra ID's "True"/"False"), bounds enforced, required attributes
 * present. Read-only attributes (`id`, `meta`, `groups`) are ignored, as RFC 7644 §3.3 allows;
 * attributes of no supported schema are ignored too, because IdPs send their default mappings
 * whole. `password` is dropped here, before anything can store or echo it.
 */
export function readResource(resource: ResourceSchema, body: unknown): JsonObject {
  if (!isJsonObject(body)) throw ScimErrors.invalidSyntax(`The body must be a SCIM ${resource.name} object`);
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(body)) {
    if (isDiscarded(key)) continue;
    if (key.toLowerCase() === 'schemas') {
      checkSchemas(resource, raw);
      continue;
    }
    const resolution = resolvePath(resource, key);
    if (resolution.kind === 'unknown') continue;
    if (resolution.kind === 'extension') {
      if (raw === null) continue;
      if (!isJsonObject(raw)) throw ScimErrors.invalidValue(`${resolution.schema.id} must be an object`);
      const extension: JsonObject = isJsonObject(out[resolution.schema.id])
        ? (out[resolution.schema.id] as JsonObject)
        : {};
      readSchemaAttributes(resolution.schema, raw, `${resolution.schema.id}:`, extension);
      if (Object.keys(extension).length > 0) out[resolution.schema.id] = extension;
      continue;
    }
    const { attribute, sub, extension, schema, path } = resolution.resolved;
    if (attribute.mutability === 'readOnly') continue;
    const target: JsonObject = extension ? ensureObject(out, schema) : out;
    if (sub === undefined) {
      const parsed = readAttribute(attribute, raw, path);
      if (parsed !== undefined) target[attribute.name] = parsed;
    } else if (!attribute.multiValued && sub.mutability !== 'readOnly') {
      // A flattened sub-attribute key such as "name.givenName".
      const parsed = readAttribute(sub, raw, path);
      if (parsed !== undefined) ensureObject(target, attribute.name)[sub.name] = parsed;
    }
  }
  for (const schema of [resource.core, ...resource.extensions]) {
    const holder = schema === resource.core ? out : out[schema.id];
    for (const attribute of schema.attributes) {
      if (attribute.required && (!isJsonObject(holder) || holder[attribute.name] === undefined))
        throw ScimErrors.invalidValue(`${attribute.name} is required`);
    }
  }
  return out;
}

function ensureObject(holder: JsonObject, key: string): JsonObject {
  const existing = holder[key];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  holder[key] = created;
  return created;
}
