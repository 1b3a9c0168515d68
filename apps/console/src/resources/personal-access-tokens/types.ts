// Mirrors the admin API's personal access token (apps/control-plane identity/dto/personal-access-token.dto.ts).
export interface PersonalAccessToken {
  id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart. */
  prefix: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** The create response: the only time the token itself is returned. */
export interface CreatedPersonalAccessToken extends PersonalAccessToken {
  token: string;
}

export const isCreatedToken = (value: unknown): value is CreatedPersonalAccessToken =>
  typeof value === 'object' &&
  value !== null &&
  'token' in value &&
  typeof value.token === 'string' &&
  'id' in value &&
  typeof value.id === 'string';

export type TokenStatus = 'active' | 'expired' | 'revoked';

export const tokenStatus = (token: PersonalAccessToken, now = Date.now()): TokenStatus => {
  if (token.revokedAt !== null) return 'revoked';
  if (Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
};

export const NAME_MAX_LENGTH = 100;
export const DEFAULT_EXPIRY_DAYS = 90;
export const MAX_EXPIRY_DAYS = 365;

export const REVOKE_CONFIRM =
  'Anything using it is refused from its next request on. A revoked token cannot be restored; create a new one instead.';
