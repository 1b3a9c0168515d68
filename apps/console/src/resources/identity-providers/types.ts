// Mirrors the admin API's identity provider (apps/control-plane identity/sso/dto/identity-provider.dto.ts).
export interface IdentityProvider {
  id: string;
  tenantId: string;
  issuer: string;
  clientId: string;
  /** The client secret is write-only: only whether it is set, and its last 4 characters. */
  clientSecretSet: boolean;
  clientSecretLast4: string | null;
  groupsClaim: string;
  /** Register this as the sign-in redirect URI of the client at the IdP. */
  redirectUri: string;
  /** Where the console sends this tenant's people. */
  loginUrl: string;
  createdAt: string;
  updatedAt: string;
}

const GROUPS_CLAIM = /^[A-Za-z0-9_.:/-]{1,100}$/;

/** The API's own rule, so the message shows before saving. */
export const groupsClaimFormat = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && !GROUPS_CLAIM.test(value)
    ? 'A claim name of 1-100 letters, digits or _ . : / -'
    : undefined;

export const DELETE_IDENTITY_PROVIDER_TITLE = 'Remove this sign-in IdP?';

export const DELETE_IDENTITY_PROVIDER_CONFIRM =
  'Nobody of this tenant can sign in to the console through it any more (their sessions end at their next request). Keys and tokens for the gateway are not affected. This cannot be undone.';
