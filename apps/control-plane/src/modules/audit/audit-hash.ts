import { createHash } from 'node:crypto';

/** A value that survives a round trip through `jsonb` unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Exactly what an event's hash covers, in the form it is stored and read back. */
export interface AuditHashInput {
  prevHash: string | null;
  occurredAt: Date;
  actor: { type: string; id: string; display: string | null };
  tenantId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: JsonValue | null;
  after: JsonValue | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, strings and numbers
 * as `JSON.stringify` writes them (RFC 8785 for the values we store). Anything that is not plain
 * JSON (a Date, a class instance, NaN, a function…) is refused rather than silently reshaped,
 * because the same bytes must come out again when the stored row is read back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${String(value)} is not JSON`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError('canonicalJson: only plain objects and arrays are JSON');
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
}

/** SHA-256 (hex) of the canonical JSON of an event's content and the hash of the one before it. */
export function auditEventHash(input: AuditHashInput): string {
  const document = {
    prevHash: input.prevHash,
    occurredAt: input.occurredAt.toISOString(),
    actor: { type: input.actor.type, id: input.actor.id, display: input.actor.display },
    tenantId: input.tenantId,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    before: input.before,
    after: input.after,
    ip: input.ip,
    userAgent: input.userAgent,
    requestId: input.requestId,
  };
  return createHash('sha256').update(canonicalJson(document), 'utf8').digest('hex');
}
