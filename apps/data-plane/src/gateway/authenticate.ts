import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { OpenAiErrorType } from '@portcullis/contracts';
import type { Principal } from '@portcullis/policy';
import { GatewayError } from '../http/gateway-error.js';
import type { ConfigIndexes } from '../snapshot/config-store.js';

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

const unauthenticated = (message: string): GatewayError =>
  new GatewayError(401, OpenAiErrorType.Authentication, 'invalid_api_key', message);

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
 * Authenticates a call with a virtual API key: one HMAC and one Map lookup, whatever the number
 * of keys. The key's owner must still exist in the bundle; whether it is active, and what it may
 * call, is the policy's business (so explain and the gateway give the same reasons).
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  indexes: ConfigIndexes,
  apiKeyHashing: Uint8Array,
): Caller {
  const credential = credentialOf(headers);
  if (credential === undefined) {
    throw unauthenticated('Missing API key: send it as "Authorization: Bearer pk-…" (or x-api-key)');
  }
  if (!credential.startsWith(API_KEY_PREFIX) || credential.length > MAX_CREDENTIAL_LENGTH) {
    throw unauthenticated('Incorrect API key provided: Portcullis keys start with pk-');
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
