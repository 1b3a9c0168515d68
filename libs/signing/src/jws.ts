import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { SignatureError } from './errors.js';
import { computeKeyId, type PrivateJwk, type PublicJwk } from './keys.js';

// One algorithm only: accepting a list is how "alg: none" and HS256-with-the-public-key attacks get in.
const ALG = 'EdDSA';
const DEFAULT_TYP = 'JOSE';

/** Keys a verifier trusts: a list (matched by `kid`, or by thumbprint when a JWK has none) or a map by kid. */
export type TrustedKeys = readonly PublicJwk[] | Readonly<Record<string, PublicJwk>>;

export interface SignOptions {
  /** The `typ` header; defaults to "JOSE". Give each kind of document its own type so one cannot pass for another. */
  typ?: string;
}

export interface VerifyOptions {
  /** When set, the token's `typ` header must match (compared as RFC 7515 §4.1.9 says). */
  typ?: string;
}

export interface VerifiedJson {
  /** The parsed JSON payload. Validate its shape (zod) before use: a valid signature says who, not what. */
  payload: unknown;
  kid: string;
}

/**
 * Signs a JSON value as a compact JWS with Ed25519 (`alg: "EdDSA"`), putting `kid` and `typ` in the
 * protected header.
 *
 * @example
 * const token = await signJson(bundle, { kid, privateJwk }, { typ: 'portcullis-config+jws' });
 */
export function signJson(
  payload: unknown,
  key: { kid: string; privateJwk: PrivateJwk },
  opts: SignOptions = {},
): Promise<string> {
  try {
    const json = JSON.stringify(payload) as string | undefined;
    if (json === undefined) throw new TypeError('signJson needs a JSON-serializable payload.');
    return Promise.resolve(signJsonText(Buffer.from(json, 'utf8'), key, opts).toString('latin1'));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Payload bytes encoded per step: a multiple of 3, so the pieces of base64url join without padding. */
const ENCODE_STEP_BYTES = 3 * 1024 * 1024;
const ED25519_SIGNATURE_BASE64URL_CHARS = 86;
const DOT = 0x2e;

/**
 * Signs JSON text that is already serialized (UTF-8 bytes) and returns the compact JWS as bytes
 * (ASCII), exactly what {@link signJson} would make of the parsed value's text. For documents of
 * hundreds of MiB: nothing passes through one giant string (V8 caps strings at about 512 MiB), the
 * payload is base64url-encoded piecewise into one buffer and signed in place with Node's Ed25519
 * (docs/decisions/0010-config-distribution.md).
 *
 * The caller vouches that the bytes are JSON; verifiers parse them and refuse anything else.
 *
 * @example
 * const jws = signJsonText(Buffer.from(json), { kid, privateJwk }, { typ: 'portcullis-config+jws' });
 */
export function signJsonText(
  json: Uint8Array,
  key: { kid: string; privateJwk: PrivateJwk },
  opts: SignOptions = {},
): Buffer {
  const { kty, crv, x, d } = key.privateJwk;
  const privateKey = createPrivateKey({ key: { kty, crv, x, d }, format: 'jwk' });
  const header = Buffer.from(
    JSON.stringify({ alg: ALG, kid: key.kid, typ: opts.typ ?? DEFAULT_TYP }),
  ).toString('base64url');
  const payload = Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  const out = Buffer.allocUnsafe(
    header.length + 1 + Math.ceil((payload.length * 4) / 3) + 1 + ED25519_SIGNATURE_BASE64URL_CHARS,
  );
  let at = out.write(header, 0, 'latin1');
  out[at++] = DOT;
  for (let from = 0; from < payload.length; from += ENCODE_STEP_BYTES) {
    at += out.write(payload.subarray(from, from + ENCODE_STEP_BYTES).toString('base64url'), at, 'latin1');
  }
  const signature = sign(null, out.subarray(0, at), privateKey).toString('base64url');
  out[at++] = DOT;
  at += out.write(signature, at, 'latin1');
  return out.subarray(0, at);
}

/**
 * Verifies a compact JWS made by {@link signJson} against the trusted keys and returns its payload and kid.
 * Only EdDSA is accepted, whatever the token's header claims.
 *
 * @throws {SignatureError} with code UNKNOWN_KEY, BAD_SIGNATURE, MALFORMED, ALG_NOT_ALLOWED or TYPE_MISMATCH.
 * @example
 * const { payload, kid } = await verifyJson(token, [controlPlanePublicJwk], { typ: 'portcullis-config+jws' });
 * const bundle = configBundleSchema.parse(payload);
 */
export async function verifyJson(
  jws: string,
  trustedKeys: TrustedKeys,
  opts: VerifyOptions = {},
): Promise<VerifiedJson> {
  const header = readHeader(jws);
  if (header.alg !== ALG) throw new SignatureError('ALG_NOT_ALLOWED', `Only ${ALG} signatures are accepted.`);
  const kid = header.kid;
  if (typeof kid !== 'string' || kid === '') {
    throw new SignatureError('UNKNOWN_KEY', 'The token names no key id.');
  }
  const jwk = await findKey(trustedKeys, kid);
  if (jwk === undefined) {
    throw new SignatureError('UNKNOWN_KEY', 'The token was signed by a key that is not trusted.');
  }

  const payloadBytes = verifyCompact(jws, jwk);

  if (opts.typ !== undefined && normalizeTyp(header.typ) !== normalizeTyp(opts.typ)) {
    throw new SignatureError('TYPE_MISMATCH', `Expected a token of type "${opts.typ}".`);
  }
  return { payload: parseJson(payloadBytes), kid };
}

function readHeader(jws: string): { alg?: unknown; kid?: unknown; typ?: unknown } {
  if (typeof jws !== 'string' || jws.split('.').length !== 3) {
    throw new SignatureError('MALFORMED', 'Not a compact JWS.');
  }
  try {
    return decodeProtectedHeader(jws);
  } catch {
    throw new SignatureError('MALFORMED', 'The JWS header is not valid base64url JSON.');
  }
}

async function findKey(trustedKeys: TrustedKeys, kid: string): Promise<PublicJwk | undefined> {
  if (isKeyList(trustedKeys)) {
    for (const jwk of trustedKeys) {
      if ((jwk.kid ?? (await computeKeyId(jwk))) === kid) return jwk;
    }
    return undefined;
  }
  // hasOwn: a kid such as "constructor" must not resolve through the prototype chain.
  return Object.hasOwn(trustedKeys, kid) ? trustedKeys[kid] : undefined;
}

function isKeyList(keys: TrustedKeys): keys is readonly PublicJwk[] {
  return Array.isArray(keys);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ED25519_SIGNATURE_BYTES = 64;

/**
 * Checks an EdDSA compact JWS against one public key and returns its payload bytes. Strict: three
 * parts, base64url only, a 64-byte signature over exactly the first two parts.
 */
function verifyCompact(jws: string, jwk: PublicJwk): Uint8Array {
  const first = jws.indexOf('.');
  const last = jws.lastIndexOf('.');
  const payload = jws.slice(first + 1, last);
  const signatureText = jws.slice(last + 1);
  if (first <= 0 || last === first || payload.includes('.') || !BASE64URL.test(signatureText)) {
    throw new SignatureError('MALFORMED', 'Not a compact JWS.');
  }
  if (payload !== '' && !BASE64URL.test(payload)) {
    throw new SignatureError('MALFORMED', 'The JWS payload is not base64url.');
  }
  const signature = Buffer.from(signatureText, 'base64url');
  if (signature.length !== ED25519_SIGNATURE_BYTES) {
    throw new SignatureError('BAD_SIGNATURE', 'The signature does not match the trusted key.');
  }
  let valid: boolean;
  try {
    const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    valid = verify(null, Buffer.from(jws.slice(0, last), 'latin1'), publicKey, signature);
  } catch {
    throw new SignatureError('MALFORMED', 'The JWS could not be checked against the trusted key.');
  }
  if (!valid) throw new SignatureError('BAD_SIGNATURE', 'The signature does not match the trusted key.');
  return Buffer.from(payload, 'base64url');
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new SignatureError('MALFORMED', 'The JWS payload is not JSON.');
  }
}

// RFC 7515 §4.1.9: typ compares case-insensitively and "application/" may be omitted.
function normalizeTyp(typ: unknown): string | undefined {
  if (typeof typ !== 'string') return undefined;
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}
