import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { TenantScope } from '../../../platform/auth/authorization.js';
import type { ListQuery } from '../../../platform/http/list-query.js';
import { isUuid } from '../../../platform/http/input.js';
import { ScimTokenEntity } from './entities/scim-token.entity.js';
import { listPage } from '../../../platform/db/query-helpers.js';

export type ScimTokenSortField = 'createdAt' | 'name';

@Injectable()
export class ScimTokensRepository {
  constructor(@InjectRepository(ScimTokenEntity) private readonly tokens: Repository<ScimTokenEntity>) {}

  async list(
    scope: TenantScope,
    query: ListQuery<ScimTokenSortField>,
  ): Promise<{ items: ScimTokenEntity[]; total: number }> {
    const builder = this.tokens.createQueryBuilder('t').where('true');
    if (!scope.all) {
      if (scope.tenantIds.length === 0) builder.andWhere('false');
      else builder.andWhere('t.tenant_id IN (:...scopeTenantIds)', { scopeTenantIds: scope.tenantIds });
    }
    const { tenantId } = query.filter;
    if (typeof tenantId === 'string')
      builder.andWhere('t.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    return listPage(builder, 't', query);
  }

  /** A token by id, only if it belongs to a tenant of the scope. */
  async find(scope: TenantScope, id: string): Promise<ScimTokenEntity | null> {
    if (!isUuid(id)) return null;
    const token = await this.tokens.findOneBy({ id });
    if (token === null) return null;
    return scope.all || scope.tenantIds.includes(token.tenantId) ? token : null;
  }

  findByHash(tokenHash: string): Promise<ScimTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  insert(manager: EntityManager, fields: Partial<ScimTokenEntity>): Promise<ScimTokenEntity> {
    const tokens = manager.getRepository(ScimTokenEntity);
    return tokens.save(tokens.create(fields));
  }

  save(manager: EntityManager, token: ScimTokenEntity): Promise<ScimTokenEntity> {
    return manager.getRepository(ScimTokenEntity).save(token);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: at });
  }
}
