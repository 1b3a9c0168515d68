import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { bearerToken } from '../../../platform/auth/admin-token.js';
import { Settings } from '../../../platform/config/settings.js';
import { TenantsReader } from '../../tenants/tenants.reader.js';
import { ScimErrors } from './scim.errors.js';
import type { ScimRequest } from './scim-caller.js';
import { ScimTokensRepository } from './scim-tokens.repository.js';
import { SCIM_TOKEN_PREFIX } from './scim-tokens.service.js';

/** How often last-used times are written, at most: an import must not write on every call. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Authenticates /scim/v2 with a tenant's SCIM bearer token. The routes are `@Public()` for the
 * admin guard; this guard is theirs. The tenant comes from the token and nothing else, so a token
 * only ever sees its own tenant. A missing, unknown or revoked token, or one of a deleted tenant,
 * is a 401 in the SCIM error format.
 */
@Injectable()
export class ScimBearerGuard implements CanActivate {
  constructor(
    private readonly tokens: ScimTokensRepository,
    private readonly tenants: TenantsReader,
    private readonly settings: Settings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & ScimRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token === undefined)
      throw ScimErrors.unauthenticated(
        'Send Authorization: Bearer <SCIM token> (created at /api/v1/scim-tokens)',
      );
    const invalid = ScimErrors.unauthenticated('The SCIM token is not valid');
    if (!token.startsWith(SCIM_TOKEN_PREFIX)) throw invalid;
    const record = await this.tokens.findByHash(this.settings.secretKeys.hashToken(token));
    if (record === null || record.revokedAt !== null) throw invalid;
    if ((await this.tenants.find(record.tenantId)) === null) throw invalid;
    const now = new Date();
    if (record.lastUsedAt === null || now.getTime() - record.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.tokens.touch(record.id, now);
    }
    request.scimClient = { tenantId: record.tenantId, tokenId: record.id, tokenName: record.name };
    return true;
  }
}
