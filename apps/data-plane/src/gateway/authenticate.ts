import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type BundleTrustedIssuer, OpenAiErrorType } from '@portcullis/contracts';
import type { Principal, UserPrincipal } from '@portcullis/policy';
import { decodeJwt, type JWTPayload } from 'jose';
import { GatewayError } from '../http/gateway-error.js';
import type { ConfigIndexes } from '../snapshot/config-store.js';
import type { TokenDirectory } from './token-directory.js';
import { MAX_TOKEN_LENGTH, TokenRefusedError, type TokenVerifier } from './token-verifier.js';

export const API_KEY_PREFIX = 'pk-';
/** A key is `pk-` and 43 base62 characters; anything much longer is not worth hashing. */
const MAX_CREDENTIAL_LENGTH = 512;

/** Who is calling, as far as the rest of the pipeline needs to know. */
export interface Caller {
  principal: Principal;
  tenantId: string;
  /** The API key's id when the call was made with one. */
  keyId: string | null;
}

/** What authentication needs from the configuration in force and the node. */
export interface AuthenticationContext {
  indexes: ConfigIndexes;
  apiKeyHashing: Uint8Array;
  /** Built on first use: most configurations never see a token. */
  tokens(): TokenDirectory;
  verifier: TokenVerifier;
}

const unauthenticated = (message: string): GatewayError =>
  new GatewayError(401, OpenAiErrorType.Authentication, 'invalid_api_key', message);

const tokenRefused = (message: string): GatewayError =>
  new GatewayError(401, OpenAiErrorType.Authentication, 'invalid_token', message);

/** Three base64url parts: what a JWS-signed JWT looks like before anything is decoded. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The bearer credential: `Authorization: Bearer …`, or `x-api-key` as Anthropic clients send it. */
export function credentialOf(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1];
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey.trim() : undefined;
}

/**
 * Authenticates a call: a virtual API key (`pk-…`, synchronous: one HMAC and one Map lookup) or
 * an access token of a tenant's trusted issuer (verified locally; asynchronous only when its
 * issuer's JWKS must be fetched).
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  context: AuthenticationContext,
): Caller | Promise<Caller> {
  const credential = credentialOf(headers);
  if (credential === undefined) {
    throw unauthenticated(
      'Missing credentials: send an API key or an access token as "Authorization: Bearer …" (or x-api-key)',
    );
  }
  if (credential.startsWith(API_KEY_PREFIX)) {
    return authenticateKey(credential, context.indexes, context.apiKeyHashing);
  }
  if (JWT_SHAPE.test(credential)) return authenticateToken(credential, context);
  throw unauthenticated(
    'Incorrect API key provided: use a Portcullis key (pk-…) or an access token from your identity provider',
  );
}

/**
 * A virtual API key: one HMAC and one Map lookup, whatever the number of keys. The key's owner
 * must still exist in the bundle; whether it is active, and what it may call, is the policy's
 * business (so explain and the gateway give the same reasons).
 */
function authenticateKey(credential: string, indexes: ConfigIndexes, apiKeyHashing: Uint8Array): Caller {
  if (credential.length > MAX_CREDENTIAL_LENGTH) {
    throw unauthenticated('Incorrect API key provided');
  }
  const hash = createHmac('sha256', apiKeyHashing).update(credential, 'utf8').digest('hex');
  const key = indexes.keysByHash.get(hash);
  if (key === undefined) throw unauthenticated('Incorrect API key provided');
  const keyView = {
    id: key.id,
    revoked: key.revoked,
    ...(key.scopeModels === null ? {} : { scopeModels: key.scopeModels }),
    ...(key.expiresAt === null ? {} : { expiresAt: Date.parse(key.expiresAt) }),
  };
  if (key.owner.kind === 'user') {
    const user = indexes.usersById.get(key.owner.id);
    if (user === undefined) throw unauthenticated('This API key’s owner no longer exists');
    return {
      principal: {
        kind: 'user',
        id: user.id,
        tenantId: key.tenantId,
        active: user.active,
        groups: user.groups,
        key: keyView,
      },
      tenantId: key.tenantId,
      keyId: key.id,
    };
  }
  const application = indexes.applicationsById.get(key.owner.id);
  if (application === undefined) throw unauthenticated('This API key’s application no longer exists');
  return {
    principal: {
      kind: 'application',
      id: application.id,
      tenantId: key.tenantId,
      active: application.active,
      key: keyView,
    },
    tenantId: key.tenantId,
    keyId: key.id,
  };
}

/**
 * An IdP access token: its `iss` and `aud` pick the trusted issuers (of any tenant) it may belong
 * to; each is tried with its own keys and rules, and the subject is looked up only in the tenant
 * whose issuer verified it — a tenant that names another tenant's issuer with its own JWKS can
 * never reach the other tenant's people.
 */
async function authenticateToken(token: string, context: AuthenticationContext): Promise<Caller> {
  if (token.length > MAX_TOKEN_LENGTH) throw tokenRefused('The access token is too long');
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw tokenRefused('The access token is malformed');
  }
  const directory = context.tokens();
  const trusted = typeof unverified.iss === 'string' ? directory.issuers(unverified.iss) : [];
  if (trusted.length === 0) throw tokenRefused('The access token’s issuer is not trusted');
  const audiences = typeof unverified.aud === 'string' ? [unverified.aud] : (unverified.aud ?? []);
  const candidates = trusted.filter((issuer) => issuer.audience.some((aud) => audiences.includes(aud)));
  if (candidates.length === 0) throw tokenRefused('The access token is not meant for this gateway (aud)');

  const callers: Caller[] = [];
  let refused: TokenRefusedError | undefined;
  for (const candidate of candidates) {
    let claims: JWTPayload;
    try {
      ({ claims } = await context.verifier.verify(token, candidate));
    } catch (error) {
      if (!(error instanceof TokenRefusedError)) throw error;
      refused ??= error;
      continue;
    }
    const caller = tokenCaller(candidate, claims, context);
    if (caller !== undefined) callers.push(caller);
  }
  if (callers.length === 1 && callers[0] !== undefined) return callers[0];
  if (callers.length > 1) {
    throw tokenRefused('The access token’s subject is known in several tenants that trust its issuer');
  }
  if (refused?.reason === 'jwks_unavailable') {
    throw new GatewayError(
      503,
      OpenAiErrorType.ServiceUnavailable,
      'token_keys_unavailable',
      refused.message,
    );
  }
  throw tokenRefused(refused?.message ?? 'The access token’s subject is not in this tenant’s directory');
}

function tokenCaller(
  issuer: BundleTrustedIssuer,
  claims: JWTPayload,
  context: AuthenticationContext,
): Caller | undefined {
  const tenantId = issuer.tenantId;
  const tenant = context.indexes.tenantsById.get(tenantId);
  if (tenant === undefined) return undefined;
  const directory = context.tokens();
  const subject = directory.subject(tenantId, claims);
  const requiredClaims = issuer.requiredClaims;
  if (subject.kind === 'application') {
    const { application } = subject;
    return {
      principal: {
        kind: 'application',
        id: application.id,
        tenantId,
        active: application.active,
        claims,
        requiredClaims,
      },
      tenantId,
      keyId: null,
    };
  }
  let user: Pick<UserPrincipal, 'id' | 'active' | 'groups'>;
  if (subject.kind === 'user') {
    user = subject.user;
  } else if (tenant.settings.jitProvisioning && typeof claims.sub === 'string') {
    // Not in the directory yet, and the tenant lets such people in: grants to the tenant or to
    // the groups the token names can apply, grants to a user id cannot.
    user = { id: `jit:${claims.sub}`, active: true, groups: [] };
  } else {
    return undefined;
  }
  const source = tenant.settings.groupsSource;
  const fromToken =
    source !== 'directory' && issuer.groupsClaim !== null && Object.hasOwn(claims, issuer.groupsClaim)
      ? directory.groupsFromClaim(tenantId, claims[issuer.groupsClaim])
      : [];
  const groups =
    source === 'token'
      ? fromToken
      : source === 'both'
        ? [...new Set([...user.groups, ...fromToken])]
        : user.groups;
  return {
    principal: { kind: 'user', id: user.id, tenantId, active: user.active, groups, claims, requiredClaims },
    tenantId,
    keyId: null,
  };
}
