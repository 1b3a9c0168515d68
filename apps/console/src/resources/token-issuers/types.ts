// Mirrors the admin API's token issuer (apps/control-plane identity/token-issuers/token-issuer.dto.ts).
export interface ClaimRequirement {
  claim: string;
  anyOf: string[];
}

export interface TokenIssuer {
  id: string;
  tenantId: string;
  issuer: string;
  audience: string[];
  jwksUri: string;
  groupsClaim: string | null;
  requiredClaims: ClaimRequirement[];
  algorithms: string[];
  createdAt: string;
  updatedAt: string;
}

/** Signature algorithms nodes accept (libs/contracts jwtAlgorithmSchema): never none, never HMAC. */
export const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
export const DEFAULT_ALGORITHMS = ['RS256', 'ES256'];
export const MAX_AUDIENCES = 10;
export const MAX_REQUIRED_CLAIMS = 10;

export const DELETE_TOKEN_ISSUER_TITLE = 'Stop trusting this issuer?';

export const DELETE_TOKEN_ISSUER_CONFIRM =
  'Tokens from this issuer are refused on every node from the next configuration on: callers using them get 401 until another issuer is trusted. This cannot be undone.';

export const atMost =
  (max: number, what: string) =>
  (value: unknown): string | undefined =>
    Array.isArray(value) && value.length > max ? `At most ${max} ${what}.` : undefined;

export const atLeastOne =
  (what: string) =>
  (value: unknown): string | undefined =>
    Array.isArray(value) && value.length === 0 ? `List at least one ${what}.` : undefined;
