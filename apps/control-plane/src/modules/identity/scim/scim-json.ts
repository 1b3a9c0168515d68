import { createHash } from 'node:crypto';

export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal content always gives the same text (and hash). */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A weak entity tag over content: semantically equal resources share it (RFC 7232 §2.1). */
export function weakEtag(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return `W/"${hash.digest('base64url').slice(0, 22)}"`;
}

/**
 * The digest of a group's member list: md5 of the member ids sorted and joined by commas. The
 * database computes the same value with `md5(string_agg(user_id::text, ',' ORDER BY user_id))`
 * (uuid order is the order of their lower-case hex text), so a list that does not load the
 * members still knows each group's version.
 */
export function memberDigest(sortedIds: readonly string[]): string {
  return createHash('md5').update(sortedIds.join(',')).digest('hex');
}
