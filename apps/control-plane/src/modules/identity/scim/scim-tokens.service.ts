import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail } from '../../../platform/audit/audit-trail.js';
import { tenantScope } from '../../../platform/auth/authorization.js';
import type { Principal, Role } from '../../../platform/auth/principal.js';
import { Settings } from '../../../platform/config/settings.js';
import { randomBase62 } from '../../../platform/crypto/random-token.js';
import { Transactions } from '../../../platform/db/transactions.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { ListQuery } from '../../../platform/http/list-query.js';
import { TenantsReader } from '../../tenants/tenants.reader.js';
import {
  type CreateScimTokenDto,
  CreatedScimTokenResponse,
  ScimTokenResponse,
} from './dto/scim-token.dto.js';
import { ScimTokensRepository, type ScimTokenSortField } from './scim-tokens.repository.js';

export const SCIM_TOKEN_PREFIX = 'scim_';

/** SCIM tokens are tenant owners' business: auditors do not see them either. */
const OWNERS: Role[] = ['tenant-owner'];

/** The per-tenant SCIM bearer tokens: created by tenant owners, shown once, stored hashed, revocable. */
@Injectable()
export class ScimTokensService {
  constructor(
    private readonly tokens: ScimTokensRepository,
    private readonly tenants: TenantsReader,
    private readonly settings: Settings,
    private readonly transactions: Transactions,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  async list(
    principal: Principal,
    query: ListQuery<ScimTokenSortField>,
  ): Promise<{ items: ScimTokenResponse[]; total: number }> {
    const { items, total } = await this.tokens.list(tenantScope(principal, OWNERS), query);
    return { items: items.map((token) => ScimTokenResponse.from(token)), total };
  }

  async get(principal: Principal, id: string): Promise<ScimTokenResponse> {
    const token = await this.tokens.find(tenantScope(principal, OWNERS), id);
    if (token === null) throw AppError.notFound('SCIM token');
    return ScimTokenResponse.from(token);
  }

  async create(
    principal: Principal,
    input: CreateScimTokenDto,
    scimBaseUrl: string,
  ): Promise<CreatedScimTokenResponse> {
    await this.tenants.assertInScope(tenantScope(principal, OWNERS), input.tenantId);
    const token = `${SCIM_TOKEN_PREFIX}${randomBase62()}`;
    const fields = {
      tenantId: input.tenantId,
      name: input.name,
      prefix: token.slice(0, 12),
      tokenHash: this.settings.secretKeys.hashToken(token),
    };
    const response = await this.transactions.run(async (manager) => {
      const after = ScimTokenResponse.from(await this.tokens.insert(manager, fields));
      await this.audit.record(
        {
          action: 'scim-token.create',
          tenantId: after.tenantId,
          targetType: 'scim-token',
          targetId: after.id,
          after,
        },
        manager,
      );
      return after;
    });
    return Object.assign(new CreatedScimTokenResponse(), response, { token, scimBaseUrl });
  }

  /** Revokes a token: the IdP's next call with it is refused. Revoking twice changes nothing. */
  async revoke(principal: Principal, id: string): Promise<ScimTokenResponse> {
    const token = await this.tokens.find(tenantScope(principal, OWNERS), id);
    if (token === null) throw AppError.notFound('SCIM token');
    if (token.revokedAt !== null) return ScimTokenResponse.from(token);
    const before = ScimTokenResponse.from(token);
    token.revokedAt = new Date();
    return this.transactions.run(async (manager) => {
      const after = ScimTokenResponse.from(await this.tokens.save(manager, token));
      await this.audit.record(
        {
          action: 'scim-token.revoke',
          tenantId: token.tenantId,
          targetType: 'scim-token',
          targetId: token.id,
          before,
          after,
        },
        manager,
      );
      return after;
    });
  }
}
