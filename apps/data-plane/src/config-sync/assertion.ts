import { randomUUID } from 'node:crypto';
import type { PrivateJwk } from '@portcullis/signing';
import { importJWK, SignJWT } from 'jose';

export const NODE_ASSERTION_TYPE = 'portcullis-node+jwt';
export const NODE_ASSERTION_AUDIENCE = 'portcullis-control-plane';
/** Well under the control plane's 300 s limit; a fresh one is minted per request anyway. */
export const NODE_ASSERTION_LIFETIME_S = 60;

/** Mints one assertion; `now` (ms) is for tests. */
export type AssertionMinter = (now?: number) => Promise<string>;

/**
 * Returns a function that mints a fresh node assertion (decision 0010) for each control-plane
 * request: an EdDSA JWT with `typ: portcullis-node+jwt`, `kid` = iss = sub = the node id,
 * `aud: portcullis-control-plane`, `iat`, `exp = iat + 60` and a random `jti`. The private key is
 * imported once.
 *
 * @example
 * const mint = createAssertionMinter(identity.nodeId, identity.signingKey);
 * headers.authorization = `Bearer ${await mint()}`;
 */
export function createAssertionMinter(nodeId: string, signingKey: PrivateJwk): AssertionMinter {
  const { kty, crv, x, d } = signingKey;
  const key = importJWK({ kty, crv, x, d }, 'EdDSA');
  // Without a handler, a key that fails to import would be an unhandled rejection until first use.
  key.catch(() => undefined);
  return async (now = Date.now()) => {
    const iat = Math.floor(now / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: NODE_ASSERTION_TYPE, kid: nodeId })
      .setIssuer(nodeId)
      .setSubject(nodeId)
      .setAudience(NODE_ASSERTION_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + NODE_ASSERTION_LIFETIME_S)
      .setJti(randomUUID())
      .sign(await key);
  };
}
