/** A virtual API key as the data plane sees it (never the secret itself). */
export interface PrincipalKey {
  id: string;
  /** Model aliases this key may call; `undefined` means any model the principal may use. */
  scopeModels?: readonly string[];
  /** Epoch milliseconds; the key is expired from this instant on. */
  expiresAt?: number;
  revoked: boolean;
}

interface PrincipalBase {
  id: string;
  tenantId: string;
  /** As synced from the IdP (SCIM `active`); false as soon as someone is deprovisioned. */
  active: boolean;
  /** Present when the call was authenticated with a virtual API key. */
  key?: PrincipalKey;
  /** Verified token claims when the call was authenticated with an IdP token. */
  claims?: Readonly<Record<string, unknown>>;
  /**
   * What the token's issuer requires of every call, on top of the model's own requirements (a
   * tenant's trusted-issuer setting, e.g. `amr` must contain `mfa`).
   */
  requiredClaims?: readonly ClaimRequirement[];
}

export interface UserPrincipal extends PrincipalBase {
  kind: 'user';
  /** Directory group ids of the user's tenant. */
  groups: readonly string[];
}

export interface ApplicationPrincipal extends PrincipalBase {
  kind: 'application';
}

/** Who is calling, resolved by authentication before the policy runs. */
export type Principal = UserPrincipal | ApplicationPrincipal;

export interface ClaimRequirement {
  claim: string;
  /** The claim (or, for an array claim such as `amr`, one of its entries) must equal one of these. */
  anyOf: readonly string[];
}

export interface ModelPolicy {
  alias: string;
  /** `null` for a platform-wide model; a tenant's own model with the same alias takes precedence. */
  tenantId: string | null;
  requiredClaims?: readonly ClaimRequirement[];
}

export type GrantSubjectKind = 'user' | 'group' | 'application' | 'tenant';

export interface Grant {
  tenantId: string;
  /** A model alias, or `'*'` for every model visible to the tenant. */
  model: string;
  /** For `tenant`, `id` is the tenant id: everyone in the tenant. */
  subject: { kind: GrantSubjectKind; id: string };
}

export interface PolicySnapshot {
  models: readonly ModelPolicy[];
  grants: readonly Grant[];
}

export type ReasonCode =
  | 'PRINCIPAL_ACTIVE'
  | 'PRINCIPAL_INACTIVE'
  | 'KEY_VALID'
  | 'KEY_REVOKED'
  | 'KEY_EXPIRED'
  | 'MODEL_FOUND'
  | 'MODEL_UNKNOWN'
  | 'KEY_SCOPE_ALLOWS_MODEL'
  | 'KEY_SCOPE_EXCLUDES_MODEL'
  | 'CLAIM_SATISFIED'
  | 'MISSING_CLAIM'
  | 'CLAIM_NOT_ALLOWED'
  | 'GRANTED_VIA_USER'
  | 'GRANTED_VIA_APPLICATION'
  | 'GRANTED_VIA_GROUP'
  | 'GRANTED_VIA_TENANT'
  | 'NO_GRANT';

/** One step of a decision. `ok: false` steps are denials; the message is a sentence fit for the console. */
export interface Reason {
  code: ReasonCode;
  message: string;
  ok: boolean;
}

export interface Decision {
  allowed: boolean;
  /** Every check that ran, in evaluation order: principal, key, model, key scope, claims, grant. */
  reasons: Reason[];
}
