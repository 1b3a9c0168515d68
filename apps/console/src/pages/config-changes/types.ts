// Mirrors the admin API's configuration revision and change log (config-publisher/dto/config-change.response.ts).
export interface ConfigChange {
  /** The revision this change produced. */
  id: number;
  occurredAt: string;
  tenantId: string | null;
  /** e.g. user, api-key, model, trusted-issuer. */
  entity: string;
  entityId: string;
  /** e.g. created, updated, deleted, deactivated. */
  op: string;
}

export interface RecentConfigChanges {
  /** The latest revision (0 before any change). */
  revision: number;
  changedAt: string | null;
  /** Newest first. */
  changes: ConfigChange[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isConfigRevision = (value: unknown): value is { revision: number; changedAt: string | null } =>
  isRecord(value) &&
  typeof value.revision === 'number' &&
  (value.changedAt === null || typeof value.changedAt === 'string');

export const isConfigChange = (value: unknown): value is ConfigChange =>
  isRecord(value) &&
  typeof value.id === 'number' &&
  typeof value.occurredAt === 'string' &&
  (value.tenantId === null || typeof value.tenantId === 'string') &&
  typeof value.entity === 'string' &&
  typeof value.entityId === 'string' &&
  typeof value.op === 'string';
