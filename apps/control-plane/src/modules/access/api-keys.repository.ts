import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { TenantScope } from '../../platform/auth/authorization.js';
import { isUuid } from '../../platform/http/input.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { escapeLike, listPage } from '../../platform/db/query-helpers.js';

export type ApiKeySortField = 'name' | 'createdAt' | 'expiresAt' | 'lastUsedAt';

/** Which keys a caller may see: every key of some tenants, plus their own. */
export interface ApiKeyVisibility {
  scope: TenantScope;
  ownUserId: string | null;
}

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  async list(
    visibility: ApiKeyVisibility,
    query: ListQuery<ApiKeySortField>,
    now: Date,
  ): Promise<{ items: ApiKeyEntity[]; total: number }> {
    const builder = this.keys.createQueryBuilder('k').where('true');
    const { scope, ownUserId } = visibility;
    if (!scope.all) {
      builder.andWhere('(k.tenant_id = ANY(:scopeTenantIds) OR k.user_id = :ownUserId)', {
        scopeTenantIds: scope.tenantIds,
        ownUserId,
      });
    }
    const { tenantId, userId, applicationId, status, q } = query.filter;
    for (const [column, value] of [
      ['tenant_id', tenantId],
      ['user_id', userId],
      ['application_id', applicationId],
    ] as const) {
      if (typeof value === 'string')
        builder.andWhere(`k.${column} = :${column}`, { [column]: isUuid(value) ? value : null });
    }
    if (status === 'revoked') builder.andWhere('k.revoked_at IS NOT NULL');
    else if (status === 'expired') builder.andWhere('k.revoked_at IS NULL AND k.expires_at <= :now', { now });
    else if (status === 'active')
      builder.andWhere('k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > :now)', { now });
    if (typeof q === 'string' && q.trim() !== '')
      builder.andWhere("(k.name ILIKE :q ESCAPE '\\' OR k.prefix LIKE :prefix ESCAPE '\\')", {
        q: `%${escapeLike(q.trim())}%`,
        prefix: `${escapeLike(q.trim())}%`,
      });
    return listPage(builder, 'k', query, 'NULLS LAST');
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return isUuid(id) ? this.keys.findOneBy({ id }) : Promise.resolve(null);
  }

  /** Keys an application owns, locked for the transaction that deletes it. */
  ofApplication(manager: EntityManager, applicationId: string): Promise<ApiKeyEntity[]> {
    return manager.getRepository(ApiKeyEntity).find({ where: { applicationId } });
  }

  insert(manager: EntityManager, fields: Partial<ApiKeyEntity>): Promise<ApiKeyEntity> {
    const repository = manager.getRepository(ApiKeyEntity);
    return repository.save(repository.create(fields));
  }

  save(manager: EntityManager, key: ApiKeyEntity): Promise<ApiKeyEntity> {
    return manager.getRepository(ApiKeyEntity).save(key);
  }

  /**
   * Records when keys were last used, many at once (from usage reports), never moving a time
   * backwards. One statement, whatever the batch size.
   */
  async recordLastUsed(uses: ReadonlyMap<string, Date>): Promise<number> {
    if (uses.size === 0) return 0;
    const ids = [...uses.keys()];
    const times = ids.map((id) => uses.get(id)?.toISOString());
    const result: unknown = await this.keys.query(
      `UPDATE "api_keys" AS k SET "last_used_at" = u.used_at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, used_at)
        WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at)`,
      [ids, times],
    );
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }
}
