import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { TenantScope } from '../../platform/auth/authorization.js';
import { isUuid } from '../../platform/http/input.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { ModelEntity } from './entities/model.entity.js';
import { listPage } from '../../platform/db/query-helpers.js';

export type ModelSortField = 'alias' | 'createdAt' | 'updatedAt';

/** Every query on models; the tenant scope comes first. Global models are visible to all. */
@Injectable()
export class ModelsRepository {
  constructor(@InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>) {}

  async list(
    scope: TenantScope,
    query: ListQuery<ModelSortField>,
  ): Promise<{ items: ModelEntity[]; total: number }> {
    const builder = this.models.createQueryBuilder('m').where('true');
    if (!scope.all) {
      if (scope.tenantIds.length === 0) builder.andWhere('m.tenant_id IS NULL');
      else
        builder.andWhere('(m.tenant_id IS NULL OR m.tenant_id IN (:...scopeTenantIds))', {
          scopeTenantIds: scope.tenantIds,
        });
    }
    const { tenantId, visibleIn, alias } = query.filter;
    if (tenantId === null) builder.andWhere('m.tenant_id IS NULL');
    else if (typeof tenantId === 'string')
      builder.andWhere('m.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    // A tenant's own and the global catalog: what the console lists for someone working in that tenant.
    if (typeof visibleIn === 'string')
      builder.andWhere('(m.tenant_id IS NULL OR m.tenant_id = :visibleIn)', {
        visibleIn: isUuid(visibleIn) ? visibleIn : null,
      });
    if (typeof alias === 'string') builder.andWhere('m.alias = :alias', { alias });
    return listPage(builder, 'm', query);
  }

  findById(id: string): Promise<ModelEntity | null> {
    return isUuid(id) ? this.models.findOneBy({ id }) : Promise.resolve(null);
  }

  /** How many models route to a provider (a provider in use cannot be deleted). */
  countUsing(manager: EntityManager, providerId: string): Promise<number> {
    return manager
      .getRepository(ModelEntity)
      .createQueryBuilder('m')
      .where('m.deployments @> :needle::jsonb', { needle: JSON.stringify([{ providerId }]) })
      .getCount();
  }

  newModel(fields: Partial<ModelEntity>): ModelEntity {
    return this.models.create(fields);
  }

  save(manager: EntityManager, model: ModelEntity): Promise<ModelEntity> {
    return manager.getRepository(ModelEntity).save(model);
  }

  async remove(manager: EntityManager, model: ModelEntity): Promise<void> {
    await manager.getRepository(ModelEntity).delete({ id: model.id });
  }
}
