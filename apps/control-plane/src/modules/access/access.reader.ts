import type { EntityManager } from 'typeorm';
import type { ApiKeyOwnerKind } from './entities/api-key.entity.js';
import type { GrantSubjectKind } from './entities/grant.entity.js';

/** PUBLIC: applications, keys and grants as the data plane's configuration carries them. */

export interface BundleApplicationRecord {
  id: string;
  tenantId: string;
  name: string;
  active: boolean;
  clientId: string | null;
}

export interface BundleKeyRecord {
  id: string;
  tenantId: string;
  /** HMAC-SHA-256 of the key under the API-key hashing key, hex. */
  hash: string;
  owner: { kind: ApiKeyOwnerKind; id: string };
  scopeModels: string[] | null;
  expiresAt: string | null;
  revoked: boolean;
}

export interface BundleGrantRecord {
  id: string;
  tenantId: string;
  model: string;
  subject: { kind: GrantSubjectKind; id: string };
}

const idFilter = (ids: readonly string[] | undefined, column = 'id'): string =>
  ids === undefined ? '' : `WHERE ${column} = ANY($1::uuid[])`;
const params = (ids: readonly string[] | undefined): unknown[] => (ids === undefined ? [] : [ids]);

export async function readBundleApplications(
  manager: EntityManager,
  ids?: readonly string[],
): Promise<BundleApplicationRecord[]> {
  const rows = await manager.query<
    { id: string; tenant_id: string; name: string; active: boolean; client_id: string | null }[]
  >(`SELECT id, tenant_id, name, active, client_id FROM applications ${idFilter(ids)}`, params(ids));
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    active: row.active,
    clientId: row.client_id,
  }));
}

/** Keys, revoked ones included (so a node can say "revoked" rather than "unknown"). */
export async function readBundleKeys(
  manager: EntityManager,
  ids?: readonly string[],
): Promise<BundleKeyRecord[]> {
  const rows = await manager.query<
    {
      id: string;
      tenant_id: string;
      key_hash: string;
      owner_kind: ApiKeyOwnerKind;
      owner_id: string;
      scope_models: string[] | null;
      expires_at: Date | null;
      revoked: boolean;
    }[]
  >(
    `SELECT id, tenant_id, key_hash, owner_kind, COALESCE(user_id, application_id)::text AS owner_id, scope_models,
            expires_at, revoked_at IS NOT NULL AS revoked
       FROM api_keys ${idFilter(ids)}`,
    params(ids),
  );
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    hash: row.key_hash,
    owner: { kind: row.owner_kind, id: row.owner_id },
    scopeModels: row.scope_models,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
    revoked: row.revoked,
  }));
}

export async function readBundleGrants(
  manager: EntityManager,
  ids?: readonly string[],
): Promise<BundleGrantRecord[]> {
  const rows = await manager.query<
    { id: string; tenant_id: string; model: string; subject_kind: GrantSubjectKind; subject_id: string }[]
  >(
    `SELECT id, tenant_id, model, subject_kind,
            COALESCE(user_id, group_id, application_id, tenant_id)::text AS subject_id
       FROM grants ${idFilter(ids)}`,
    params(ids),
  );
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    model: row.model,
    subject: { kind: row.subject_kind, id: row.subject_id },
  }));
}
