import { z } from 'zod';
import { configFailure, type ConfigFailure } from './config-issues.js';
import {
  bundleApplicationSchema,
  bundleGrantSchema,
  bundleGroupSchema,
  bundleKeySchema,
  bundleModelSchema,
  bundleProviderSchema,
  bundleSigningKeySchema,
  bundleTenantSchema,
  bundleTrustedIssuerSchema,
  bundleUserSchema,
  isoDateTimeSchema,
} from './config-records.js';
import { checkConfigReferences } from './config-references.js';

export const CONFIG_SCHEMA_V1 = 'portcullis.config/v1';

/** The record schema of each section, shared by snapshots and deltas. */
export const configSectionSchemas = {
  tenants: bundleTenantSchema,
  users: bundleUserSchema,
  groups: bundleGroupSchema,
  applications: bundleApplicationSchema,
  keys: bundleKeySchema,
  grants: bundleGrantSchema,
  models: bundleModelSchema,
  providers: bundleProviderSchema,
  trustedIssuers: bundleTrustedIssuerSchema,
  signingKeys: bundleSigningKeySchema,
} as const;

/**
 * The whole configuration a data-plane node enforces (`portcullis.config/v1`, `kind: 'snapshot'`).
 * Unknown keys are stripped rather than rejected, so that a node keeps accepting bundles from a
 * newer control plane that has added fields it does not know yet; sections other than `tenants`
 * and `kind` default to empty, so bundles from before they existed still parse. Besides each
 * record's own shape, every cross-reference is checked (see `checkConfigReferences`): a bundle
 * that names a group, owner, provider or tenant it does not carry is refused as a whole.
 */
export const configBundleSchema = z
  .object({
    schema: z.literal(CONFIG_SCHEMA_V1),
    kind: z.literal('snapshot').default('snapshot'),
    revision: z.int().min(0),
    issuedAt: isoDateTimeSchema,
    expiresAt: isoDateTimeSchema,
    tenants: z.array(configSectionSchemas.tenants),
    /** Directory users synced by SCIM (or provisioned just in time). */
    users: z.array(configSectionSchemas.users).default([]),
    groups: z.array(configSectionSchemas.groups).default([]),
    /** Non-human callers: their keys and client-credentials tokens act as them. */
    applications: z.array(configSectionSchemas.applications).default([]),
    /** Virtual API keys, as keyed hashes; hashes are unique across the bundle. */
    keys: z.array(configSectionSchemas.keys).default([]),
    grants: z.array(configSectionSchemas.grants).default([]),
    /** Aliases are unique per tenant, and among global (tenantId null) models. */
    models: z.array(configSectionSchemas.models).default([]),
    providers: z.array(configSectionSchemas.providers).default([]),
    trustedIssuers: z.array(configSectionSchemas.trustedIssuers).default([]),
    /** Keys nodes may verify later bundles with (the active one and the next, for rotation). */
    signingKeys: z.array(configSectionSchemas.signingKeys).default([]),
  })
  .superRefine((bundle, ctx) => {
    if (Date.parse(bundle.expiresAt) <= Date.parse(bundle.issuedAt)) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be after issuedAt' });
    }
  })
  .superRefine(
    (bundle, ctx) => {
      checkConfigReferences(bundle, (path, message) => {
        ctx.addIssue({ code: 'custom', path, message });
      });
    },
    // Only once every record is valid in itself: a malformed id would otherwise be reported
    // twice, once for its format and once as a dangling reference.
    { when: (payload) => payload.issues.length === 0 },
  );
export type ConfigBundle = z.infer<typeof configBundleSchema>;
/** What a control plane may send: sections added after v1's first release may be left out. */
export type ConfigBundleInput = z.input<typeof configBundleSchema>;

export type ParseConfigBundleResult = { ok: true; bundle: ConfigBundle } | ConfigFailure;

/**
 * Validates an untrusted value (usually freshly decoded JSON) as a config snapshot.
 *
 * @example
 * const result = parseConfigBundle(JSON.parse(text));
 * if (!result.ok) logger.warn({ issues: result.issues }, 'bundle rejected');
 * // result.message: 'tenants[0].id: Invalid UUID; keys[3].owner.id: no user with this id in the key's tenant'
 */
export function parseConfigBundle(input: unknown): ParseConfigBundleResult {
  const parsed = configBundleSchema.safeParse(input);
  return parsed.success ? { ok: true, bundle: parsed.data } : configFailure(parsed.error.issues);
}
