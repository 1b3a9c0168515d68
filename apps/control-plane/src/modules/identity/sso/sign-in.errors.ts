/**
 * Why a console sign-in did not succeed. The code travels to the browser in the redirect to
 * `/#/login?error=<code>` (so it must never carry details or secrets); the reason goes to the
 * audit trail and the log.
 */
export enum SignInErrorCode {
  UNKNOWN_PROVIDER = 'unknown-provider',
  IDP_UNAVAILABLE = 'idp-unavailable',
  IDP_ERROR = 'idp-error',
  ACCESS_DENIED = 'access-denied',
  STATE_MISMATCH = 'state-mismatch',
  NONCE_MISMATCH = 'nonce-mismatch',
  CODE_REJECTED = 'code-rejected',
  TOKEN_INVALID = 'token-invalid',
  UNKNOWN_USER = 'unknown-user',
  INACTIVE_USER = 'inactive-user',
  NO_ROLE = 'no-role',
  ACCOUNT_CONFLICT = 'account-conflict',
  INTERNAL = 'internal',
}

/** A refusal decided by Portcullis (not by the IdP or the protocol). */
export interface SignInRefusal {
  code: SignInErrorCode;
  reason: string;
  /** The directory user concerned, when one was found. */
  userId?: string;
}

export class SignInError extends Error {
  constructor(
    readonly code: SignInErrorCode,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'SignInError';
  }
}
