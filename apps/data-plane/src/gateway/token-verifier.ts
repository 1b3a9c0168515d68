import type { BundleTrustedIssuer } from '@portcullis/contracts';
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { Agent, buildConnector, request } from 'undici';
import { createAddressGuard } from '../providers/address-guard.js';

/** Tokens longer than this are refused unread (RFC 8725 §3.x: bound the work an attacker can cause). */
export const MAX_TOKEN_LENGTH = 8_192;
/** Allowed clock difference for `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_S = 30;
/** A token issued longer ago than this is refused even if its `exp` says otherwise. */
const MAX_TOKEN_AGE = '24h';
const JWKS_TIMEOUT_MS = 5_000;
/** An unknown `kid` refetches the JWKS at most this often (per JWKS location). */
const JWKS_COOLDOWN_MS = 30_000;
/** A JWKS is refetched at least this often, so that removed keys stop verifying. */
const JWKS_MAX_AGE_MS = 10 * 60_000;
const JWKS_MAX_BYTES = 256 * 1024;

/** Why a token was refused: logged and counted; the caller gets a sentence without token contents. */
export type TokenRefusal =
  | 'malformed'
  | 'unknown_issuer'
  | 'audience'
  | 'signature'
  | 'unknown_key'
  | 'algorithm'
  | 'expired'
  | 'not_yet_valid'
  | 'claims'
  | 'jwks_unavailable';

export class TokenRefusedError extends Error {
  override readonly name = 'TokenRefusedError';
  constructor(
    readonly reason: TokenRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifiedToken {
  issuer: BundleTrustedIssuer;
  claims: JWTPayload;
}

export interface TokenVerifierOptions {
  /** Private hosts a JWKS location may still resolve to (`DATA_PLANE_ALLOWED_UPSTREAM_HOSTS`). */
  allowedHosts?: readonly string[];
}

/**
 * Verifies IdP access tokens locally against a tenant's trusted issuers (docs/decisions/0012):
 * the issuer's algorithm allow-list, `iss`, `aud`, `exp`, `nbf`, `iat` (30 s of skew, at most 24 h
 * old), and a signature by a key of the issuer's JWKS. JWKS documents are fetched through the
 * address guard, capped in size and time, cached per location across configuration revisions, and
 * refetched on an unknown `kid` at most every 30 s.
 */
export class TokenVerifier {
  readonly #keySets = new Map<string, JWTVerifyGetKey>();
  readonly #agent: Agent;

  constructor(options: TokenVerifierOptions = {}) {
    const guard = createAddressGuard({ allowedHosts: options.allowedHosts ?? [] });
    this.#agent = new Agent({
      connect: guard.wrap(buildConnector({ timeout: JWKS_TIMEOUT_MS, lookup: guard.lookup })),
    });
  }

  /**
   * Verifies `token` against one trusted issuer: its keys, algorithms, `iss` and audiences.
   *
   * @throws {TokenRefusedError} saying why.
   */
  async verify(token: string, issuer: BundleTrustedIssuer): Promise<VerifiedToken> {
    try {
      const { payload } = await jwtVerify(token, this.#keySet(issuer.jwksUri), {
        issuer: issuer.issuer,
        audience: issuer.audience,
        algorithms: issuer.algorithms,
        clockTolerance: CLOCK_TOLERANCE_S,
        maxTokenAge: MAX_TOKEN_AGE,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      return { issuer, claims: payload };
    } catch (error) {
      throw refusal(error);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  #keySet(jwksUri: string): JWTVerifyGetKey {
    let keySet = this.#keySets.get(jwksUri);
    if (keySet === undefined) {
      keySet = createRemoteJWKSet(new URL(jwksUri), {
        timeoutDuration: JWKS_TIMEOUT_MS,
        cooldownDuration: JWKS_COOLDOWN_MS,
        cacheMaxAge: JWKS_MAX_AGE_MS,
        [customFetch]: (url, init) => this.#fetchJwks(url, init.headers, init.signal),
      });
      this.#keySets.set(jwksUri, keySet);
    }
    return keySet;
  }

  /** GET through the address guard, no redirects, at most 256 KiB. */
  async #fetchJwks(url: string, headers: Headers, signal: AbortSignal): Promise<Response> {
    const response = await request(url, {
      method: 'GET',
      headers: Object.fromEntries(headers),
      dispatcher: this.#agent,
      signal,
      headersTimeout: JWKS_TIMEOUT_MS,
      bodyTimeout: JWKS_TIMEOUT_MS,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > JWKS_MAX_BYTES) {
        response.body.destroy();
        throw new Error(`the JWKS at ${url} is larger than ${JWKS_MAX_BYTES} bytes`);
      }
      chunks.push(bytes);
    }
    return new Response(Buffer.concat(chunks), {
      status: response.statusCode,
      headers: { 'content-type': String(response.headers['content-type'] ?? 'application/json') },
    });
  }
}

function refusal(error: unknown): TokenRefusedError {
  if (error instanceof errors.JWTExpired) {
    return new TokenRefusedError('expired', 'The access token has expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' || (error.claim === 'iat' && error.reason === 'check_failed')) {
      return new TokenRefusedError('not_yet_valid', 'The access token is not valid yet');
    }
    if (error.claim === 'aud') {
      return new TokenRefusedError('audience', 'The access token is not meant for this gateway (aud)');
    }
    if (error.claim === 'iss') {
      return new TokenRefusedError('unknown_issuer', 'The access token’s issuer is not trusted');
    }
    return new TokenRefusedError('claims', `The access token’s "${error.claim}" claim is missing or invalid`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new TokenRefusedError('algorithm', 'The access token’s signing algorithm is not accepted');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenRefusedError(
      'unknown_key',
      'The access token was signed by a key its issuer does not publish',
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenRefusedError('signature', 'The access token’s signature is not valid');
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  ) {
    return new TokenRefusedError('malformed', 'The access token is malformed');
  }
  // What is left is the JWKS: unreachable, refused by the address guard, not 200, not a key set.
  return new TokenRefusedError(
    'jwks_unavailable',
    'The access token could not be checked: its issuer’s keys are unavailable',
  );
}
