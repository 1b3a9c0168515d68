import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail } from '../../platform/audit/audit-trail.js';
import type { Principal } from '../../platform/auth/principal.js';
import { Settings } from '../../platform/config/settings.js';
import { randomBase62 } from '../../platform/crypto/random-token.js';
import { Transactions } from '../../platform/db/transactions.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { DataplaneErrors } from './dataplane.errors.js';
import {
  type CreateEnrollmentTokenDto,
  CreatedEnrollmentTokenResponse,
  DEFAULT_TOKEN_HOURS,
  type EnrollmentTokenResponse,
  type EnrollmentTokenStatus,
} from './dto/enrollment-token.dto.js';
import type { EnrollmentTokenEntity } from './entities/enrollment-token.entity.js';
import { EnrollmentTokensRepository, type EnrollmentTokenSortField } from './enrollment-tokens.repository.js';

/** Every enrollment token starts with this, so scanners and people recognise one. */
export const ENROLLMENT_TOKEN_PREFIX = 'pen_';
/** `pen_` and 8 characters: enough to tell tokens apart, far too little to guess the other 35. */
const DISPLAY_PREFIX_LENGTH = 12;
const HOUR_MS = 3_600_000;

/**
 * Enrollment tokens: created by platform admins (the routes allow nobody else), shown once, stored
 * as a keyed hash, expiring, used at most once, revocable. Audited; they are not configuration, so
 * they make no config revision.
 */
@Injectable()
export class EnrollmentTokensService {
  constructor(
    private readonly tokens: EnrollmentTokensRepository,
    private readonly settings: Settings,
    private readonly transactions: Transactions,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  async list(
    query: ListQuery<EnrollmentTokenSortField>,
  ): Promise<{ items: EnrollmentTokenResponse[]; total: number }> {
    const now = new Date();
    const { items, total } = await this.tokens.list(query, now);
    return { items: items.map((token) => respondToken(token, now)), total };
  }

  async get(id: string): Promise<EnrollmentTokenResponse> {
    const token = await this.tokens.findById(id);
    if (token === null) throw DataplaneErrors.tokenNotFound();
    return respondToken(token, new Date());
  }

  async create(
    principal: Principal,
    input: CreateEnrollmentTokenDto,
  ): Promise<CreatedEnrollmentTokenResponse> {
    const token = `${ENROLLMENT_TOKEN_PREFIX}${randomBase62()}`;
    const now = new Date();
    const fields: Partial<EnrollmentTokenEntity> = {
      name: input.name,
      prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
      tokenHash: this.settings.secretKeys.hashToken(token),
      expiresAt: new Date(now.getTime() + (input.expiresInHours ?? DEFAULT_TOKEN_HOURS) * HOUR_MS),
      usedAt: null,
      usedByNodeId: null,
      revokedAt: null,
      createdBy: `${principal.actor.type}:${principal.actor.id}`,
    };
    const response = await this.transactions.run(async (manager) => {
      const after = respondToken(await this.tokens.insert(manager, fields), now);
      await this.audit.record(
        {
          action: 'enrollment-token.create',
          tenantId: null,
          targetType: 'enrollment-token',
          targetId: after.id,
          after,
        },
        manager,
      );
      return after;
    });
    return Object.assign(new CreatedEnrollmentTokenResponse(), response, { token });
  }

  /** Revokes an unused token. Revoking a used or revoked token changes nothing. */
  async revoke(id: string): Promise<EnrollmentTokenResponse> {
    const token = await this.tokens.findById(id);
    if (token === null) throw DataplaneErrors.tokenNotFound();
    const now = new Date();
    if (token.usedAt !== null || token.revokedAt !== null) return respondToken(token, now);
    const before = respondToken(token, now);
    token.revokedAt = now;
    return this.transactions.run(async (manager) => {
      const after = respondToken(await this.tokens.save(manager, token), now);
      await this.audit.record(
        {
          action: 'enrollment-token.revoke',
          tenantId: null,
          targetType: 'enrollment-token',
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

/** A used token says so even when it has expired or was revoked afterwards. */
export function tokenStatus(token: EnrollmentTokenEntity, now: Date): EnrollmentTokenStatus {
  if (token.usedAt !== null) return 'used';
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

function respondToken(token: EnrollmentTokenEntity, now: Date): EnrollmentTokenResponse {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    status: tokenStatus(token, now),
    expiresAt: token.expiresAt.toISOString(),
    usedAt: token.usedAt?.toISOString() ?? null,
    usedByNodeId: token.usedByNodeId,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    createdBy: token.createdBy,
    createdAt: token.createdAt.toISOString(),
  };
}
