import { z } from 'zod';
import {
  CONFIG_SCHEMA_V1,
  configSectionSchemas,
  type ConfigBundle,
  type ParseConfigBundleResult,
} from './config-bundle.js';
import { configFailure, type ConfigFailure } from './config-issues.js';
import { isoDateTimeSchema, signingKeyIdSchema } from './config-records.js';
import { CONFIG_SECTIONS, checkConfigReferences, type ConfigSections } from './config-references.js';

/** The sections of a parsed bundle (mutable arrays, as zod produces them). */
type ConfigBundleSections = Omit<ConfigBundle, 'schema' | 'kind' | 'revision' | 'issuedAt' | 'expiresAt'>;

const ids = z.array(z.uuid()).optional();

/**
 * What changed between two revisions (`kind: 'delta'`). Upserts are full records that replace the
 * record with the same id (signing keys: the same `kid`) or are added; deletes name ids. Deleting
 * an id the node does not hold is not an error: a record created and deleted between the two
 * revisions is still named.
 */
export const configDeltaSchema = z
  .object({
    schema: z.literal(CONFIG_SCHEMA_V1),
    kind: z.literal('delta'),
    /** The revision this delta applies to; it must be the node's current one. */
    fromRevision: z.int().min(0),
    /** The revision the node holds once applied. */
    revision: z.int().min(0),
    issuedAt: isoDateTimeSchema,
    expiresAt: isoDateTimeSchema,
    upserts: z
      .object({
        tenants: z.array(configSectionSchemas.tenants).optional(),
        users: z.array(configSectionSchemas.users).optional(),
        groups: z.array(configSectionSchemas.groups).optional(),
        applications: z.array(configSectionSchemas.applications).optional(),
        keys: z.array(configSectionSchemas.keys).optional(),
        grants: z.array(configSectionSchemas.grants).optional(),
        models: z.array(configSectionSchemas.models).optional(),
        providers: z.array(configSectionSchemas.providers).optional(),
        trustedIssuers: z.array(configSectionSchemas.trustedIssuers).optional(),
        signingKeys: z.array(configSectionSchemas.signingKeys).optional(),
      })
      .default({}),
    /**
     * Deleting a tenant, user, group or application also deletes what referenced it (the
     * database cascades the same way), so the delta names only the deleted owner.
     */
    deletes: z
      .object({
        tenants: ids,
        users: ids,
        groups: ids,
        applications: ids,
        keys: ids,
        grants: ids,
        models: ids,
        providers: ids,
        trustedIssuers: ids,
        signingKeys: z.array(signingKeyIdSchema).optional(),
      })
      .default({}),
  })
  .superRefine((delta, ctx) => {
    if (delta.revision <= delta.fromRevision) {
      ctx.addIssue({ code: 'custom', path: ['revision'], message: 'must be greater than fromRevision' });
    }
    if (Date.parse(delta.expiresAt) <= Date.parse(delta.issuedAt)) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be after issuedAt' });
    }
    for (const section of CONFIG_SECTIONS) {
      const upserted = new Set<string>();
      const key = section === 'signingKeys' ? 'kid' : 'id';
      (delta.upserts[section] ?? []).forEach((record, index) => {
        const id = recordId(record);
        if (upserted.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['upserts', section, index, key],
            message: 'upserted twice by this delta',
          });
        }
        upserted.add(id);
      });
      (delta.deletes[section] ?? []).forEach((id, index) => {
        if (upserted.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['deletes', section, index],
            message: 'both upserted and deleted by this delta',
          });
        }
      });
    }
  });
export type ConfigDelta = z.infer<typeof configDeltaSchema>;
export type ConfigDeltaInput = z.input<typeof configDeltaSchema>;

export type ParseConfigDeltaResult = { ok: true; delta: ConfigDelta } | ConfigFailure;

/**
 * Validates an untrusted value as a config delta. Whether it fits the node's snapshot is checked
 * by {@link applyConfigDelta}.
 *
 * @example
 * const result = parseConfigDelta(JSON.parse(text));
 * if (!result.ok) logger.warn({ issues: result.issues }, 'delta rejected');
 */
export function parseConfigDelta(input: unknown): ParseConfigDeltaResult {
  const parsed = configDeltaSchema.safeParse(input);
  return parsed.success ? { ok: true, delta: parsed.data } : configFailure(parsed.error.issues);
}

/** Records are addressed by `id`; signing keys, which have none, by `kid`. */
function recordId(record: { id: string } | { kid: string }): string {
  return 'kid' in record ? record.kid : record.id;
}

function merge<T extends { id: string } | { kid: string }>(
  current: readonly T[],
  upserts: readonly T[] | undefined,
  deletes: readonly string[] | undefined,
): readonly T[] {
  if ((upserts === undefined || upserts.length === 0) && (deletes === undefined || deletes.length === 0)) {
    return current;
  }
  // A Map keeps insertion order: replaced records stay where they were, new ones go last.
  const byId = new Map<string, T>();
  for (const record of current) byId.set(recordId(record), record);
  for (const record of upserts ?? []) byId.set(recordId(record), record);
  for (const id of deletes ?? []) byId.delete(id);
  return [...byId.values()];
}

/** Removes what referenced a deleted tenant, user, group or application, as the database did. */
function cascade(sections: ConfigSections, deletes: ConfigDelta['deletes']): ConfigSections {
  const tenants = new Set(deletes.tenants);
  const users = new Set(deletes.users);
  const groups = new Set(deletes.groups);
  const applications = new Set(deletes.applications);
  let out = sections;
  if (tenants.size > 0) {
    const kept = <T extends { tenantId: string | null }>(records: readonly T[]): readonly T[] =>
      records.filter((record) => record.tenantId === null || !tenants.has(record.tenantId));
    out = {
      ...out,
      users: kept(out.users),
      groups: kept(out.groups),
      applications: kept(out.applications),
      keys: kept(out.keys),
      grants: kept(out.grants),
      models: kept(out.models),
      providers: kept(out.providers),
      trustedIssuers: kept(out.trustedIssuers),
    };
  }
  if (users.size > 0 || applications.size > 0) {
    out = {
      ...out,
      keys: out.keys.filter((key) => !(key.owner.kind === 'user' ? users : applications).has(key.owner.id)),
    };
  }
  if (users.size > 0 || groups.size > 0 || applications.size > 0) {
    const gone = { user: users, group: groups, application: applications, tenant: tenants } as const;
    out = { ...out, grants: out.grants.filter((grant) => !gone[grant.subject.kind].has(grant.subject.id)) };
  }
  if (groups.size > 0) {
    out = {
      ...out,
      users: out.users.map((user) =>
        user.groups.some((id) => groups.has(id))
          ? { ...user, groups: user.groups.filter((id) => !groups.has(id)) }
          : user,
      ),
    };
  }
  return out;
}

/**
 * Applies a parsed delta to the snapshot a node holds and returns the next snapshot. Records were
 * validated when parsed; the result's cross-references are checked again exactly as
 * {@link configBundleSchema} checks a snapshot's, so a delta can never leave a node with a bundle
 * that a snapshot of the same content would have been refused for. Pure: neither argument is changed.
 *
 * @example
 * const parsed = parseConfigDelta(payload);
 * const next = parsed.ok ? applyConfigDelta(store.current(), parsed.delta) : parsed;
 * if (next.ok) store.swap(next.bundle); else logger.warn({ issues: next.issues }, 'delta rejected');
 */
export function applyConfigDelta(
  snapshot: Readonly<ConfigBundle>,
  delta: ConfigDelta,
): ParseConfigBundleResult {
  if (delta.fromRevision !== snapshot.revision) {
    return configFailure([
      { path: ['fromRevision'], message: `must equal the current revision ${snapshot.revision}` },
    ]);
  }
  const { upserts, deletes } = delta;
  const merged: ConfigSections = {
    tenants: merge(snapshot.tenants, upserts.tenants, deletes.tenants),
    users: merge(snapshot.users, upserts.users, deletes.users),
    groups: merge(snapshot.groups, upserts.groups, deletes.groups),
    applications: merge(snapshot.applications, upserts.applications, deletes.applications),
    keys: merge(snapshot.keys, upserts.keys, deletes.keys),
    grants: merge(snapshot.grants, upserts.grants, deletes.grants),
    models: merge(snapshot.models, upserts.models, deletes.models),
    providers: merge(snapshot.providers, upserts.providers, deletes.providers),
    trustedIssuers: merge(snapshot.trustedIssuers, upserts.trustedIssuers, deletes.trustedIssuers),
    signingKeys: merge(snapshot.signingKeys, upserts.signingKeys, deletes.signingKeys),
  };
  // Every record was validated already (the snapshot's when it was parsed, the upserts with the
  // delta), so only what spans records is checked again: a linear pass, not a full re-parse.
  const sections = cascade(merged, deletes);
  const problems: { path: PropertyKey[]; message: string }[] = [];
  if (Date.parse(delta.expiresAt) <= Date.parse(delta.issuedAt)) {
    problems.push({ path: ['expiresAt'], message: 'must be after issuedAt' });
  }
  checkConfigReferences(sections, (path, message) => problems.push({ path, message }));
  if (problems.length > 0) return configFailure(problems);
  return {
    ok: true,
    bundle: {
      schema: CONFIG_SCHEMA_V1,
      kind: 'snapshot',
      revision: delta.revision,
      issuedAt: delta.issuedAt,
      expiresAt: delta.expiresAt,
      ...(sections as ConfigBundleSections),
    },
  };
}
