import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail } from '../../platform/audit/audit-trail.js';
import type { Principal } from '../../platform/auth/principal.js';
import { Settings } from '../../platform/config/settings.js';
import { randomBase62 } from '../../platform/crypto/random-token.js';
import { Transactions } from '../../platform/db/transactions.js';
import {
  type CreatePersonalAccessTokenDto,
  CreatedPersonalAccessTokenResponse,
  PersonalAccessTokenResponse,
} from './dto/personal-access-token.dto.js';
import { IdentityErrors } from './identity.errors.js';
import { PAT_PREFIX } from './personal-access-token.authenticator.js';
import { PersonalAccessTokensRepository } from './personal-access-tokens.repository.js';

const DAY_MS = 86_400_000;

@Injectable()
export class PersonalAccessTokensService {
  constructor(
    private readonly tokens: PersonalAccessTokensRepository,
    private readonly settings: Settings,
    private readonly transactions: Transactions,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  async list(principal: Principal): Promise<PersonalAccessTokenResponse[]> {
    const rows = await this.tokens.listForUser(this.ownerOf(principal));
    return rows.map((row) => PersonalAccessTokenResponse.from(row));
  }

  async create(
    principal: Principal,
    input: CreatePersonalAccessTokenDto,
  ): Promise<CreatedPersonalAccessTokenResponse> {
    const userId = this.ownerOf(principal);
    const token = `${PAT_PREFIX}${randomBase62()}`;
    const fields = {
      userId,
      name: input.name,
      prefix: token.slice(0, 12),
      tokenHash: this.settings.secretKeys.hashToken(token),
      expiresAt: new Date(Date.now() + (input.expiresInDays ?? 90) * DAY_MS),
    };
    const response = await this.transactions.run(async (manager) => {
      const record = await this.tokens.insert(manager, fields);
      const after = PersonalAccessTokenResponse.from(record);
      await this.audit.record(
        {
          action: 'personal-access-token.create',
          tenantId: null,
          targetType: 'personal-access-token',
          targetId: record.id,
          after,
        },
        manager,
      );
      return after;
    });
    return Object.assign(new CreatedPersonalAccessTokenResponse(), response, { token });
  }

  async revoke(principal: Principal, id: string): Promise<PersonalAccessTokenResponse> {
    const record = await this.tokens.findForUser(this.ownerOf(principal), id);
    if (record === null) throw IdentityErrors.tokenNotFound();
    const before = PersonalAccessTokenResponse.from(record);
    record.revokedAt ??= new Date();
    const after = await this.transactions.run(async (manager) => {
      const revoked = PersonalAccessTokenResponse.from(await this.tokens.save(manager, record));
      await this.audit.record(
        {
          action: 'personal-access-token.revoke',
          tenantId: null,
          targetType: 'personal-access-token',
          targetId: record.id,
          before,
          after: revoked,
        },
        manager,
      );
      return revoked;
    });
    return after;
  }

  private ownerOf(principal: Principal): string {
    if (principal.userId === null) throw IdentityErrors.noPersonBehindCaller();
    return principal.userId;
  }
}
