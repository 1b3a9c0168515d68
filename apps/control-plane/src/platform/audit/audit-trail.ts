import type { EntityManager } from 'typeorm';

/** Who did something: a person, a token (admin token or personal access token), SCIM, the system or a node. */
export interface AuditActor {
  type: 'user' | 'token' | 'scim' | 'system' | 'node';
  /** Directory user id, token id (`admin-token` for the break-glass token), SCIM token id, node id… */
  id: string;
  /** A human-readable name at the time of the event (userName, token name). */
  display?: string;
}

/** One thing that happened, as a module reports it. Secrets must already be absent. */
export interface AuditEntry {
  /** `<resource>.<verb>` in lower case, e.g. `tenant.create`, `user.deactivate`, `auth.sign-in.failed`. */
  action: string;
  /** The tenant the event belongs to; null for platform-level events. */
  tenantId: string | null;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  /** Defaults to the actor of the current request (request context); required outside a request. */
  actor?: AuditActor;
}

/**
 * The append-only audit trail as a port every module may use. Call it inside the same transaction
 * as the change it records (pass that transaction's EntityManager), so a change and its audit
 * event commit or roll back together.
 */
export interface AuditTrail {
  record(entry: AuditEntry, manager?: EntityManager): Promise<void>;
}

/** Injection token of the AuditTrail. */
export const AUDIT_TRAIL = Symbol('AUDIT_TRAIL');
