import { z } from 'zod';

/**
 * The records a `portcullis.config/v1` bundle carries, one schema per section. Records strip
 * keys they do not know (a newer control plane may add fields), except where an unknown key could
 * smuggle a secret: sealed credentials and published JWKs are strict.
 */

/** An ISO 8601 instant with `Z` or an explicit offset. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A model alias as callers name it (`gpt-4o`, `acme/llama-3.1:70b`); case-sensitive. */
export const modelAliasSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/,
    'must be 1-100 letters, digits or . _ : / - (starting with a letter or digit)',
  );

/**
 * An https URL; plain http only for a loopback host, so that the built-in development IdP works
 * offline while a real issuer's keys can never be fetched in the clear.
 */
const secureUrl = z.url({ protocol: /^https?$/ }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
}, 'must be an https URL (http only for localhost)');

export const tenantSettingsSchema = z.object({
  /** No prompt or completion text is stored or logged for this tenant, only metadata. */
  zeroDataRetention: z.boolean(),
  /** Create a directory user on the first valid IdP token instead of refusing unknown users. */
  jitProvisioning: z.boolean().default(false),
  /** Where a token caller's groups come from: the synced directory, the token's groups claim, or both. */
  groupsSource: z.enum(['directory', 'token', 'both']).default('directory'),
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

export const bundleUserSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  /** SCIM `active`: false as soon as the IdP deprovisions the person. */
  active: z.boolean(),
  /** Ids of the directory groups (of the same tenant) the user belongs to. */
  groups: z.array(z.uuid()),
  /** The IdP's own id for the user (SCIM `externalId`), when it sent one. */
  externalId: z.string().min(1).nullable().optional(),
  /** SCIM `userName`, usually the e-mail address; matched against token claims. */
  userName: z.string().min(1),
});
export type BundleUser = z.infer<typeof bundleUserSchema>;

export const bundleGroupSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  displayName: z.string().min(1),
});
export type BundleGroup = z.infer<typeof bundleGroupSchema>;

export const bundleApplicationSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  name: z.string().min(1),
  /** An inactive application's keys and tokens are refused. */
  active: z.boolean(),
  /** The OAuth client id its client-credentials tokens carry; unique within the tenant. */
  clientId: z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 printable characters without spaces')
    .nullable(),
});
export type BundleApplication = z.infer<typeof bundleApplicationSchema>;

export const keyOwnerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), id: z.uuid() }),
  z.object({ kind: z.literal('application'), id: z.uuid() }),
]);
export type KeyOwner = z.infer<typeof keyOwnerSchema>;

/** A virtual API key as nodes see it: its keyed hash, never the key. */
export const bundleKeySchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  /** HMAC-SHA-256 of the presented key under the fleet's API-key hashing key, lowercase hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (HMAC-SHA-256)'),
  /** The key acts as its owner, in the owner's tenant. */
  owner: keyOwnerSchema,
  // The last three are left out when they hold their default, which most keys do: a snapshot
  // carries every key, and a million of them is hundreds of MiB (decision 0010).
  /** Model aliases the key is limited to; null (or absent) for every model its owner may use. */
  scopeModels: z.array(modelAliasSchema).nullable().default(null),
  /** The key is refused from this instant on; null (or absent) for a key that does not expire. */
  expiresAt: isoDateTimeSchema.nullable().default(null),
  /** Absent means false. */
  revoked: z.boolean().default(false),
});
export type BundleKey = z.infer<typeof bundleKeySchema>;

export const grantSubjectSchema = z.object({
  kind: z.enum(['user', 'group', 'application', 'tenant']),
  /** For `tenant`, the grant's own tenant id: everyone in the tenant. */
  id: z.uuid(),
});

/** Mirrors libs/policy's `Grant`, plus the record id deltas address it by. */
export const bundleGrantSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  /** A model alias, or `*` for every model the tenant sees. */
  model: z.union([z.literal('*'), modelAliasSchema]),
  subject: grantSubjectSchema,
});
export type BundleGrant = z.infer<typeof bundleGrantSchema>;

export const claimRequirementSchema = z.object({
  /** Token claim name, e.g. `amr` or `acr`. */
  claim: z.string().min(1),
  /** The claim (or one entry of an array claim) must equal one of these. */
  anyOf: z.array(z.string().min(1)).min(1),
});
export type ClaimRequirementRecord = z.infer<typeof claimRequirementSchema>;

const priceSchema = z.number().min(0).nullable();

export const modelDeploymentSchema = z.object({
  /** A provider of the bundle: global, or of the model's own tenant. */
  providerId: z.uuid(),
  /** The model name the provider knows (`gpt-4o-2024-08-06`, an Azure deployment name, …). */
  upstreamModel: z.string().min(1),
  /** Share of traffic among deployments of the same priority. */
  weight: z.number().min(0),
  /** Lower numbers are tried first; higher ones are fallbacks. */
  priority: z.int(),
});
export type ModelDeploymentRecord = z.infer<typeof modelDeploymentSchema>;

export const bundleModelSchema = z.object({
  id: z.uuid(),
  /** Null for the global catalog; a tenant's model with the same alias shadows the global one. */
  tenantId: z.uuid().nullable(),
  alias: modelAliasSchema,
  capabilities: z.array(z.enum(['chat', 'embeddings', 'vision', 'tools'])),
  /** Tokens; null when unknown. */
  contextWindow: z.int().positive().nullable(),
  /** Per million tokens in `currency`; null when not priced. */
  prices: z.object({
    input: priceSchema,
    output: priceSchema,
    cachedInput: priceSchema,
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  }),
  /** Token claims a caller must present (e.g. `amr` contains `mfa`); key callers have none. */
  requiredClaims: z.array(claimRequirementSchema).default([]),
  deployments: z.array(modelDeploymentSchema),
});
export type BundleModel = z.infer<typeof bundleModelSchema>;

/**
 * A secret sealed with AES-256-GCM under the fleet key named by `kid` (libs/signing `sealValue`),
 * all parts base64url. Strict: anything else, such as `{ apiKey: 'sk-…' }`, is refused, so a
 * plaintext credential cannot be expressed in a bundle.
 */
export const sealedValueSchema = z.strictObject(
  {
    alg: z.literal('A256GCM'),
    kid: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 base64url characters'),
    /** 96-bit nonce. */
    iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'must be 12 bytes, base64url'),
    ciphertext: z.string().regex(BASE64URL, 'must be base64url'),
    /** 128-bit GCM tag. */
    tag: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be 16 bytes, base64url'),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `must be a sealed value { alg, kid, iv, ciphertext, tag }; refusing ${issue.keys
            .map((key) => `"${key}"`)
            .join(', ')}`
        : undefined,
  },
);
export type SealedValueRecord = z.infer<typeof sealedValueSchema>;

export const providerTypeSchema = z.enum([
  'openai',
  'azure-openai',
  'anthropic',
  'gemini',
  'bedrock',
  'openai-compatible',
  'mock',
]);
export type ProviderTypeRecord = z.infer<typeof providerTypeSchema>;

const timeoutMs = z.int().positive();

export const bundleProviderSchema = z.object({
  id: z.uuid(),
  /** Null for a platform-wide provider. */
  tenantId: z.uuid().nullable(),
  type: providerTypeSchema,
  /** Where requests go; the control plane has already checked it against SSRF rules. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  options: z.object({
    /** Azure OpenAI `api-version`. */
    apiVersion: z
      .string()
      .regex(/^[0-9A-Za-z.-]{1,32}$/, 'must be like 2024-10-21')
      .optional(),
    /** AWS region for Bedrock. */
    region: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/, 'must be an AWS region such as eu-west-1')
      .optional(),
  }),
  timeouts: z
    .object({
      connectMs: timeoutMs,
      /** Until the first response byte (the first SSE event for a stream). */
      firstByteMs: timeoutMs,
      totalMs: timeoutMs,
    })
    .superRefine((timeouts, ctx) => {
      for (const name of ['connectMs', 'firstByteMs'] as const) {
        if (timeouts[name] > timeouts.totalMs) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'must not exceed totalMs' });
        }
      }
    }),
  /** Sealed for the data plane (AAD `provider-credentials:<id>`); null when the provider needs none. */
  credentials: sealedValueSchema.nullable(),
});
export type BundleProvider = z.infer<typeof bundleProviderSchema>;

export const jwtAlgorithmSchema = z.enum([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
]);
export type JwtAlgorithm = z.infer<typeof jwtAlgorithmSchema>;

/** An IdP whose tokens a tenant's callers may present instead of an API key. */
export const bundleTrustedIssuerSchema = z.object({
  /** Record id, so that deltas can replace or delete one issuer. */
  id: z.uuid(),
  tenantId: z.uuid(),
  /** Must equal the token's `iss` exactly; unique within the tenant. */
  issuer: secureUrl,
  /** The token's `aud` must contain one of these. */
  audience: z.array(z.string().min(1)).min(1),
  jwksUri: secureUrl,
  /** Claim holding group names or ids when the tenant takes groups from tokens; null for none. */
  groupsClaim: z.string().min(1).nullable(),
  /** Claims every token of this issuer must carry, on top of the model's own. */
  requiredClaims: z.array(claimRequirementSchema).default([]),
  /** Accepted `alg` values; never `none` or an HMAC algorithm. */
  algorithms: z.array(jwtAlgorithmSchema).min(1),
});
export type BundleTrustedIssuer = z.infer<typeof bundleTrustedIssuerSchema>;

/**
 * An Ed25519 public JWK (RFC 8037). Strict, so that a private key (`d`) can never be published
 * by mistake.
 */
export const ed25519PublicJwkSchema = z.strictObject(
  {
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a 32-byte key, base64url'),
    kid: z.string().min(1).optional(),
    alg: z.literal('EdDSA').optional(),
    use: z.literal('sig').optional(),
  },
  {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      return issue.keys.includes('d')
        ? 'must be a public key: a private key ("d") must never be published'
        : `unknown JWK members ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    },
  },
);
export type Ed25519PublicJwk = z.infer<typeof ed25519PublicJwkSchema>;

/** RFC 7638 thumbprint of a signing key; the JWS `kid`. */
export const signingKeyIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 base64url characters');

/** A control-plane key nodes may verify bundles with, announced ahead of a rotation. */
export const bundleSigningKeySchema = z.object({
  kid: signingKeyIdSchema,
  publicKeyJwk: ed25519PublicJwkSchema,
  /** The control plane signs with it from this instant on, at the earliest. */
  notBefore: isoDateTimeSchema.optional(),
});
export type BundleSigningKey = z.infer<typeof bundleSigningKeySchema>;
