// Mirrors the admin API's audit event (apps/control-plane audit/dto/audit-event.response.ts).
export type ActorType = 'user' | 'token' | 'scim' | 'system' | 'node';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface AuditEvent {
  id: string;
  /** Position in the hash chain. */
  seq: number;
  occurredAt: string;
  actor: { type: ActorType; id: string; display: string | null };
  /** null for platform events. */
  tenantId: string | null;
  action: string;
  target: { type: string; id: string | null };
  before: JsonValue | null;
  after: JsonValue | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  hash: string;
  prevHash: string | null;
}

/** `POST /api/v1/audit/verify` (audit/dto/verify-audit.response.ts). */
export interface VerifyAuditResult {
  ok: boolean;
  checked: number;
  lastSeq?: number | null;
  lastHash?: string | null;
  firstBrokenSeq?: number;
  firstBrokenId?: string;
  reason?: 'hash mismatch' | 'broken link';
}

export const isVerifyResult = (value: unknown): value is VerifyAuditResult =>
  typeof value === 'object' &&
  value !== null &&
  'ok' in value &&
  typeof value.ok === 'boolean' &&
  'checked' in value &&
  typeof value.checked === 'number';

export const ACTOR_TYPE_CHOICES: { id: ActorType; name: string }[] = [
  { id: 'user', name: 'Person' },
  { id: 'token', name: 'Token (admin or personal)' },
  { id: 'scim', name: 'SCIM (the IdP)' },
  { id: 'system', name: 'System' },
  { id: 'node', name: 'Data-plane node' },
];

/** Audit targets that are console resources, so an event can link to what it changed. */
export const TARGET_RESOURCES: Record<string, string> = {
  tenant: 'tenants',
  user: 'users',
  group: 'groups',
  'role-binding': 'role-bindings',
};

/** Seconds matter in an audit trail. */
export const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
};
