import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

/** An Ed25519 public key as a JWK (RFC 8037). `kid` is optional; without it the RFC 7638 thumbprint is used. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid?: string;
  alg?: 'EdDSA';
  use?: 'sig';
}

/** An Ed25519 private key as a JWK. Treat it as a secret: store it encrypted and never log it. */
export interface PrivateJwk extends PublicJwk {
  d: string;
}

export interface SigningKey {
  kid: string;
  privateJwk: PrivateJwk;
  publicJwk: PublicJwk;
}

/**
 * The RFC 7638 SHA-256 thumbprint of an Ed25519 key. Deriving the key id from the key itself means a key id
 * can never be reused for a different key.
 *
 * @example
 * const kid = await computeKeyId(node.publicJwk); // "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
 */
export async function computeKeyId(jwk: PublicJwk): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'sha256');
}

/**
 * Generates a fresh Ed25519 signing key. Both JWKs carry the kid, `alg: "EdDSA"` and `use: "sig"`, so the
 * public half can be published as is.
 *
 * @example
 * const { kid, privateJwk, publicJwk } = await generateSigningKey();
 * const token = await signJson({ revision: 7 }, { kid, privateJwk });
 */
export async function generateSigningKey(): Promise<SigningKey> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const [pub, priv] = await Promise.all([exportJWK(pair.publicKey), exportJWK(pair.privateKey)]);
  if (pub.kty !== 'OKP' || pub.crv !== 'Ed25519' || pub.x === undefined || priv.d === undefined) {
    throw new Error('The runtime produced an unexpected Ed25519 JWK.');
  }
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: pub.x }, 'sha256');
  const publicJwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: pub.x, kid, alg: 'EdDSA', use: 'sig' };
  return { kid, publicJwk, privateJwk: { ...publicJwk, d: priv.d } };
}
