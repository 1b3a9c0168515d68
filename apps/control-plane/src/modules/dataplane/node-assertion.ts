import type { PublicJwk } from '@portcullis/signing';
import { decodeProtectedHeader, errors, importJWK, jwtVerify } from 'jose';
import { isUuid } from '../../platform/http/input.js';

/** The `typ` header of a node assertion (decision 0010). */
export const NODE_ASSERTION_TYPE = 'portcullis-node+jwt';
export const NODE_ASSERTION_AUDIENCE = 'portcullis-control-plane';
/** The longest an assertion may live (`exp - iat`), in seconds. */
export const MAX_ASSERTION_LIFETIME_S = 300;
export const ASSERTION_CLOCK_TOLERANCE_S = 30;
/** Longer bearer values are refused before any parsing. */
export const MAX_ASSERTION_LENGTH = 4096;
const MAX_JTI_LENGTH = 256;

/** Why an assertion was refused: logged (never the assertion itself), never sent to the caller. */
export type AssertionFailure = 'malformed' | 'signature' | 'expired' | 'claims' | 'lifetime';

export type AssertionResult = { ok: true; jti: string } | { ok: false; reason: AssertionFailure };

/**
 * The node id an assertion claims to come from (its header `kid`), read before anything is
 * verified so that the node's key can be looked up. Undefined for anything that is not a
 * plausible assertion.
 */
export function assertionNodeId(token: string): string | undefined {
  if (token.length > MAX_ASSERTION_LENGTH) return undefined;
  try {
    const header = decodeProtectedHeader(token);
    return typeof header.kid === 'string' && isUuid(header.kid) ? header.kid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a node assertion against the node's registered Ed25519 key: EdDSA only, `typ`
 * portcullis-node+jwt, audience the control plane, issuer and subject the node id, `iat`, `exp`
 * and `jti` present, at most 300 s between `iat` and `exp`, 30 s of clock skew.
 */
export async function verifyNodeAssertion(
  token: string,
  nodeId: string,
  signingKey: PublicJwk,
  now: Date = new Date(),
): Promise<AssertionResult> {
  if (token.length > MAX_ASSERTION_LENGTH) return { ok: false, reason: 'malformed' };
  let key: Awaited<ReturnType<typeof importJWK>>;
  try {
    key = await importJWK({ kty: signingKey.kty, crv: signingKey.crv, x: signingKey.x }, 'EdDSA');
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['EdDSA'],
      typ: NODE_ASSERTION_TYPE,
      audience: NODE_ASSERTION_AUDIENCE,
      issuer: nodeId,
      subject: nodeId,
      requiredClaims: ['iat', 'exp', 'jti'],
      maxTokenAge: MAX_ASSERTION_LIFETIME_S,
      clockTolerance: ASSERTION_CLOCK_TOLERANCE_S,
      currentDate: now,
    });
    const { iat, exp, jti } = payload;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
      return { ok: false, reason: 'claims' };
    }
    if (iat === undefined || exp === undefined || exp - iat > MAX_ASSERTION_LIFETIME_S || exp <= iat) {
      return { ok: false, reason: 'lifetime' };
    }
    return { ok: true, jti };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'signature' };
    if (error instanceof errors.JWTClaimValidationFailed) return { ok: false, reason: 'claims' };
    return { ok: false, reason: 'malformed' };
  }
}
