import type { EntityManager } from 'typeorm';
import type { ApiKeyOwnerKind } from './entities/api-key.entity.js';
import type { GrantSubjectKind } from './entities/grant.entity.js';

/** PUBLIC: applications, keys and grants as the data plane's configuration carries them. */

/**
 * PUBLIC: notes when keys were used, from the data plane's usage reports, so that their last-used
 * times advance (batched; AccessModule exports it).
 */
export { ApiKeyUsageRecorder } from './api-key-usage.recorder.js';

/** Ids of the API keys a user owns, revoked ones included: calls made with them count as theirs. */
export async function readKeyIdsOwnedBy(manager: EntityManager, userId: string): Promise<string[]> {
  const rows = await manager.query<{ id: string }[]>(`SELECT id FROM api_keys WHERE user_id = $1`, [userId]);
  return rows.map((row) => row.id);
}

export interface BundleApplicationRecord {
  id: string;
  tenantId: string;
  name: string;
  active: boolean;
  clientId: string | null;
}

/**
 * Fields holding their default (no scope, no expiry, not revoked) are left out: a snapshot carries
 * every key, and most keys are plain (the contract reads an absent field as its default).
 */
export interface BundleKeyRecord {
  id: string;
  tenantId: string;
  /** HMAC-SHA-256 of the key under the API-key hashing key, hex. */
  hash: string;
  owner: { kind: ApiKeyOwnerKind; id: string };
  scopeModels?: string[];
  expiresAt?: string;
  revoked?: true;
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
  return rows.map((row) => {
    const record: BundleKeyRecord = {
      id: row.id,
      tenantId: row.tenant_id,
      hash: row.key_hash,
      owner: { kind: row.owner_kind, id: row.owner_id },
    };
    if (Array.isArray(row.scope_models)) record.scopeModels = row.scope_models;
    if (row.expires_at !== null) record.expiresAt = new Date(row.expires_at).toISOString();
    if (row.revoked) record.revoked = true;
    return record;
  });
}

/** Table blocks read per page of {@link readBundleKeysJson} (16 MiB of heap, about 40,000 keys). */
const KEY_PAGE_BLOCKS = 2_048;

/**
 * Every key of the given tenants as JSON text, in pages: each page is records exactly as
 * {@link readBundleKeys} returns them, comma-separated, made by PostgreSQL. A snapshot carries a
 * million keys; building them as objects and stringifying them took seconds (decision 0010).
 *
 * Pages are ranges of table blocks (a TID range scan: sequential, no sort). Call it inside a
 * REPEATABLE READ transaction: every row version the transaction sees lies in exactly one range,
 * and the last range is open-ended, so nothing is missed or read twice.
 */
export async function* readBundleKeysJson(
  manager: EntityManager,
  tenantIds: readonly string[],
): AsyncGenerator<string> {
  if (tenantIds.length === 0) return;
  const sized = await manager.query<{ blocks: string }[]>(
    `SELECT (pg_relation_size('api_keys') / current_setting('block_size')::int)::text AS blocks`,
  );
  const blocks = Number(sized[0]?.blocks ?? 0);
  for (let first = 0; first === 0 || first < blocks; first += KEY_PAGE_BLOCKS) {
    const last = first + KEY_PAGE_BLOCKS < blocks ? first + KEY_PAGE_BLOCKS : null;
    const page = await manager.query<{ text: string | null }[]>(
      `SELECT string_agg(concat(
                '{"id":"', id, '","tenantId":"', tenant_id, '","hash":"', key_hash,
                '","owner":{"kind":"', owner_kind, '","id":"', COALESCE(user_id, application_id), '"}',
                CASE WHEN jsonb_typeof(scope_models) = 'array' THEN ',"scopeModels":' || scope_models::text END,
                CASE WHEN expires_at IS NOT NULL THEN
                  ',"expiresAt":"' || to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'
                END,
                CASE WHEN revoked_at IS NOT NULL THEN ',"revoked":true' END,
                '}'), ',') AS text
         FROM api_keys
        WHERE tenant_id = ANY($1::uuid[]) AND ctid >= $2::tid ${last === null ? '' : 'AND ctid < $3::tid'}`,
      last === null ? [tenantIds, `(${first},0)`] : [tenantIds, `(${first},0)`, `(${last},0)`],
    );
    const text = page[0]?.text;
    if (text !== undefined && text !== null) yield text;
  }
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
