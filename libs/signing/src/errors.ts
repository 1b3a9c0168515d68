export type SignatureErrorCode =
  'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'MALFORMED' | 'ALG_NOT_ALLOWED' | 'TYPE_MISMATCH';

/**
 * Why a JWS was rejected. Messages never contain the token, the payload or key material, so they are safe
 * to log.
 *
 * @example
 * try {
 *   await verifyJson(token, trustedKeys);
 * } catch (err) {
 *   if (err instanceof SignatureError && err.code === 'UNKNOWN_KEY') scheduleKeyRefresh();
 *   throw err;
 * }
 */
export class SignatureError extends Error {
  override readonly name = 'SignatureError';

  constructor(
    readonly code: SignatureErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type EnvelopeErrorCode =
  'INVALID_MASTER_KEY' | 'MALFORMED' | 'UNSUPPORTED_VERSION' | 'WRONG_MASTER_KEY' | 'DECRYPTION_FAILED';

/**
 * Why a secret envelope could not be produced or opened. Messages never contain plaintext, key bytes or the
 * envelope itself.
 *
 * @example
 * try {
 *   decryptSecret(row.credential, masterKey);
 * } catch (err) {
 *   if (err instanceof EnvelopeError && err.code === 'WRONG_MASTER_KEY') log.error('PORTCULLIS_MASTER_KEY changed');
 *   throw err;
 * }
 */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';

  constructor(
    readonly code: EnvelopeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
