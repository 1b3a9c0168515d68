import { ScimErrors } from './scim.errors.js';
import { type Json, type JsonObject, isJsonObject } from './scim-json.js';
import { type ResourceSchema, resolvePath } from './scim-schema.js';

/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes a response
 * carries. `id` and `schemas` are always returned. Also tells the services whether the costly
 * derived attributes (a user's `groups`, a group's `members`) need loading at all.
 */
export class Projection {
  private constructor(
    private readonly resource: ResourceSchema,
    /** Keys `<schema>|<attr>` or `<schema>|<attr>|<sub>`; `<schema>|*` for a whole extension. */
    private readonly only: ReadonlySet<string> | undefined,
    private readonly excluded: ReadonlySet<string>,
  ) {}

  static all(resource: ResourceSchema): Projection {
    return new Projection(resource, undefined, new Set());
  }

  static read(resource: ResourceSchema, attributes: unknown, excludedAttributes: unknown): Projection {
    const only = attributes === undefined ? undefined : Projection.keys(resource, attributes, 'attributes');
    const excluded =
      excludedAttributes === undefined
        ? new Set<string>()
        : Projection.keys(resource, excludedAttributes, 'excludedAttributes');
    return new Projection(resource, only, excluded);
  }

  private static keys(resource: ResourceSchema, raw: unknown, parameter: string): Set<string> {
    if (typeof raw !== 'string')
      throw ScimErrors.invalidValue(`${parameter} must be given once, comma-separated`);
    const keys = new Set<string>();
    for (const name of raw.split(',').map((part) => part.trim())) {
      if (name === '' || name.toLowerCase() === 'password') continue;
      const resolution = resolvePath(resource, name);
      if (resolution.kind === 'unknown')
        throw ScimErrors.invalidPath(
          `${parameter}: no attribute ${JSON.stringify(name.slice(0, 200))} in the ${resource.name} schemas`,
        );
      if (resolution.kind === 'extension') keys.add(`${resolution.schema.id}|*`);
      else {
        const { schema, attribute, sub } = resolution.resolved;
        keys.add(
          sub === undefined ? `${schema}|${attribute.name}` : `${schema}|${attribute.name}|${sub.name}`,
        );
      }
    }
    return keys;
  }

  /** Whether the response needs the attribute `name` of the core schema (or a sub-attribute of it). */
  wants(name: string): boolean {
    const key = `${this.resource.core.id}|${name}`;
    if (this.excluded.has(key)) return false;
    if (this.only === undefined) return true;
    return [...this.only].some((candidate) => candidate === key || candidate.startsWith(`${key}|`));
  }

  apply(resource: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(resource)) {
      if (key === 'schemas' || key === 'id') {
        out[key] = value;
        continue;
      }
      const extension = this.resource.extensions.find((candidate) => candidate.id === key);
      if (extension !== undefined) {
        if (!isJsonObject(value)) continue;
        const kept = this.whole(`${key}|*`) ? value : this.object(key, value);
        if (Object.keys(kept).length > 0) out[key] = kept;
        continue;
      }
      const kept = this.attribute(this.resource.core.id, key, value);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }

  private whole(key: string): boolean {
    if (this.excluded.has(key)) return false;
    return this.only === undefined || this.only.has(key);
  }

  private object(schema: string, value: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const [name, inner] of Object.entries(value)) {
      const kept = this.attribute(schema, name, inner);
      if (kept !== undefined) out[name] = kept;
    }
    return out;
  }

  private attribute(schema: string, name: string, value: Json): Json | undefined {
    const key = `${schema}|${name}`;
    if (this.excluded.has(key) || this.excluded.has(`${schema}|*`)) return undefined;
    const subKeys = (set: ReadonlySet<string>): string[] =>
      [...set]
        .filter((candidate) => candidate.startsWith(`${key}|`))
        .map((candidate) => candidate.slice(key.length + 1));
    const requestedSubs = this.only === undefined ? undefined : subKeys(this.only);
    if (
      this.only !== undefined &&
      !this.only.has(key) &&
      !this.only.has(`${schema}|*`) &&
      requestedSubs?.length === 0
    )
      return undefined;
    const keep = (sub: string): boolean =>
      !subKeys(this.excluded).includes(sub) &&
      (this.only === undefined ||
        this.only.has(key) ||
        this.only.has(`${schema}|*`) ||
        (requestedSubs ?? []).includes(sub));
    const trim = (item: Json): Json =>
      isJsonObject(item) ? Object.fromEntries(Object.entries(item).filter(([sub]) => keep(sub))) : item;
    return Array.isArray(value) ? value.map(trim) : trim(value);
  }
}
