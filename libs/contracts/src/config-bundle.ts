import { z } from 'zod';
import { formatIssuePath } from './issue-path.js';

export const CONFIG_SCHEMA_V1 = 'portcullis.config/v1';

const isoDateTime = z.iso.datetime({ offset: true });

export const tenantSettingsSchema = z.object({
  zeroDataRetention: z.boolean(),
});
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const bundleTenantSchema = z.object({
  id: z.uuid(),
  slug: z
    .string()
    .regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'must be 1-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit',
    ),
  name: z.string().trim().min(1).max(200),
  settings: tenantSettingsSchema,
});
export type BundleTenant = z.infer<typeof bundleTenantSchema>;

/**
 * The configuration bundle a data-plane node enforces (`portcullis.config/v1`). Unknown keys are
 * stripped rather than rejected, so that a node keeps accepting bundles from a newer control
 * plane that has added fields it does not know yet.
 */
export const configBundleSchema = z
  .object({
    schema: z.literal(CONFIG_SCHEMA_V1),
    revision: z.int().min(0),
    issuedAt: isoDateTime,
    expiresAt: isoDateTime,
    tenants: z.array(bundleTenantSchema),
  })
  .superRefine((bundle, ctx) => {
    if (Date.parse(bundle.expiresAt) <= Date.parse(bundle.issuedAt)) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be after issuedAt' });
    }
    const ids = new Set<string>();
    const slugs = new Set<string>();
    bundle.tenants.forEach((tenant, index) => {
      if (ids.has(tenant.id)) {
        ctx.addIssue({ code: 'custom', path: ['tenants', index, 'id'], message: 'duplicate tenant id' });
      }
      if (slugs.has(tenant.slug)) {
        ctx.addIssue({ code: 'custom', path: ['tenants', index, 'slug'], message: 'duplicate tenant slug' });
      }
      ids.add(tenant.id);
      slugs.add(tenant.slug);
    });
  });
export type ConfigBundle = z.infer<typeof configBundleSchema>;

export interface ConfigIssue {
  /** Where the problem is, e.g. `tenants[0].id`; `(root)` for the bundle itself. */
  path: string;
  message: string;
}

export type ParseConfigBundleResult =
  { ok: true; bundle: ConfigBundle } | { ok: false; issues: ConfigIssue[]; message: string };

/**
 * Validates an untrusted value (usually freshly decoded JSON) as a config bundle.
 *
 * @example
 * const result = parseConfigBundle(JSON.parse(text));
 * if (!result.ok) logger.warn({ issues: result.issues }, 'bundle rejected');
 * // result.message: 'tenants[0].id: Invalid UUID; expiresAt: must be after issuedAt'
 */
export function parseConfigBundle(input: unknown): ParseConfigBundleResult {
  const parsed = configBundleSchema.safeParse(input);
  if (parsed.success) {
    return { ok: true, bundle: parsed.data };
  }
  const issues = parsed.error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
  }));
  return {
    ok: false,
    issues,
    message: issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
  };
}
