import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { TenantScope } from '../../platform/auth/authorization.js';
import { isUuid } from '../../platform/http/input.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { ProviderEntity } from './entities/provider.entity.js';
import { escapeLike, listPage } from '../../platform/db/query-helpers.js';

export type ProviderSortField = 'name' | 'type' | 'createdAt' | 'updatedAt';

/** Every query on providers; the tenant scope comes first. Global providers are visible to all. */
@Injectable()
export class ProvidersRepository {
  constructor(@InjectRepository(ProviderEntity) private readonly providers: Repository<ProviderEntity>) {}

  async list(
    scope: TenantScope,
    query: ListQuery<ProviderSortField>,
  ): Promise<{ items: ProviderEntity[]; total: number }> {
    const builder = this.providers.createQueryBuilder('p').where('true');
    if (!scope.all) {
      if (scope.tenantIds.length === 0) builder.andWhere('p.tenant_id IS NULL');
      else
        builder.andWhere('(p.tenant_id IS NULL OR p.tenant_id IN (:...scopeTenantIds))', {
          scopeTenantIds: scope.tenantIds,
        });
    }
    const { tenantId, visibleIn, type, q } = query.filter;
    if (tenantId === null) builder.andWhere('p.tenant_id IS NULL');
    else if (typeof tenantId === 'string')
      builder.andWhere('p.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    // A tenant's own and the global catalog: what the console lists for someone working in that tenant.
    if (typeof visibleIn === 'string')
      builder.andWhere('(p.tenant_id IS NULL OR p.tenant_id = :visibleIn)', {
        visibleIn: isUuid(visibleIn) ? visibleIn : null,
      });
    if (typeof type === 'string') builder.andWhere('p.type = :type', { type });
    if (typeof q === 'string' && q.trim() !== '')
      builder.andWhere("(p.name ILIKE :q ESCAPE '\\' OR p.base_url ILIKE :q ESCAPE '\\')", {
        q: `%${escapeLike(q.trim())}%`,
      });
    return listPage(builder, 'p', query);
  }

  findById(id: string): Promise<ProviderEntity | null> {
    return isUuid(id) ? this.providers.findOneBy({ id }) : Promise.resolve(null);
  }

  /** Every provider, for re-encryption under a new master key. */
  all(manager: EntityManager): Promise<ProviderEntity[]> {
    return manager.getRepository(ProviderEntity).find({ order: { createdAt: 'ASC' } });
  }

  newProvider(fields: Partial<ProviderEntity>): ProviderEntity {
    return this.providers.create(fields);
  }

  save(manager: EntityManager, provider: ProviderEntity): Promise<ProviderEntity> {
    return manager.getRepository(ProviderEntity).save(provider);
  }

  async remove(manager: EntityManager, provider: ProviderEntity): Promise<void> {
    await manager.getRepository(ProviderEntity).delete({ id: provider.id });
  }
}
