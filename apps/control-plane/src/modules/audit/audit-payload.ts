import { canonicalJson, type JsonValue } from './audit-hash.js';

/**
 * Keys whose values never reach the audit trail. A superset of the obvious names: a false
 * positive hides a harmless value, a false negative leaks a secret forever.
 */
export const SECRET_KEY = /secret|password|passwd|token|api[-_]?key|credential|private|authorization/i;

export const REDACTED = '[redacted]';

/** Each of `before` and `after` is kept only up to this size (canonical JSON, UTF-8 bytes). */
export const MAX_PAYLOAD_BYTES = 32 * 1024;

export const TRUNCATED: JsonValue = { truncated: true };

const MAX_DEPTH = 32;

// Lone UTF-16 surrogates and NUL cannot be stored by PostgreSQL (text or jsonb) as they are.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string as PostgreSQL will store it and give it back: NUL and lone surrogates replaced by
 * U+FFFD. Hashing the cleaned value keeps the stored row verifiable.
 */
export function storableText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/**
 * Turns a module's `before`/`after` into what the trail stores: plain JSON (Dates as ISO
 * strings, bigints as strings, undefined and functions dropped), every value under a secret-like
 * key replaced by "[redacted]" at any depth, and `{ "truncated": true }` past 32 KB.
 */
export function toAuditPayload(value: unknown): JsonValue | null {
  if (value === undefined) return null;
  const json = toJson(value, '', 0, new Set());
  if (json === undefined) return null;
  return Buffer.byteLength(canonicalJson(json), 'utf8') > MAX_PAYLOAD_BYTES ? TRUNCATED : json;
}

function toJson(value: unknown, key: string, depth: number, ancestors: Set<object>): JsonValue | undefined {
  if (key !== '' && SECRET_KEY.test(key)) return REDACTED;
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return storableText(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
  }
  if (value === null) return null;
  if (ancestors.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((item: unknown) => toJson(item, '', depth + 1, ancestors) ?? null);
    }
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    const result: Record<string, JsonValue> = {};
    for (const [rawKey, item] of entries) {
      const name = storableText(String(rawKey));
      const json = toJson(item, name, depth + 1, ancestors);
      // defineProperty: a key named __proto__ is data here, not the object's prototype.
      if (json !== undefined)
        Object.defineProperty(result, name, {
          value: json,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return result;
  } finally {
    ancestors.delete(value);
  }
}
