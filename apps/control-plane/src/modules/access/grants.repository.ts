import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { TenantScope } from '../../platform/auth/authorization.js';
import { isUuid } from '../../platform/http/input.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { GrantEntity } from './entities/grant.entity.js';
import { listPage } from '../../platform/db/query-helpers.js';

export type GrantSortField = 'model' | 'subjectKind' | 'createdAt';

@Injectable()
export class GrantsRepository {
  constructor(@InjectRepository(GrantEntity) private readonly grants: Repository<GrantEntity>) {}

  async list(
    scope: TenantScope,
    query: ListQuery<GrantSortField>,
  ): Promise<{ items: GrantEntity[]; total: number }> {
    const builder = this.grants.createQueryBuilder('g').where('true');
    if (!scope.all)
      builder.andWhere('g.tenant_id = ANY(:scopeTenantIds)', { scopeTenantIds: scope.tenantIds });
    const { tenantId, model, subjectKind, subjectId } = query.filter;
    if (typeof tenantId === 'string')
      builder.andWhere('g.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    if (typeof model === 'string') builder.andWhere('g.model = :model', { model });
    if (typeof subjectKind === 'string') builder.andWhere('g.subject_kind = :subjectKind', { subjectKind });
    if (typeof subjectId === 'string')
      builder.andWhere('COALESCE(g.user_id, g.group_id, g.application_id, g.tenant_id) = :subjectId', {
        subjectId: isUuid(subjectId) ? subjectId : null,
      });
    return listPage(builder, 'g', query);
  }

  findById(id: string): Promise<GrantEntity | null> {
    return isUuid(id) ? this.grants.findOneBy({ id }) : Promise.resolve(null);
  }

  ofTenant(tenantId: string): Promise<GrantEntity[]> {
    return this.grants.find({ where: { tenantId } });
  }

  ofApplication(manager: EntityManager, applicationId: string): Promise<GrantEntity[]> {
    return manager.getRepository(GrantEntity).find({ where: { applicationId } });
  }

  insert(manager: EntityManager, fields: Partial<GrantEntity>): Promise<GrantEntity> {
    const repository = manager.getRepository(GrantEntity);
    return repository.save(repository.create(fields));
  }

  async remove(manager: EntityManager, grant: GrantEntity): Promise<void> {
    await manager.getRepository(GrantEntity).delete({ id: grant.id });
  }
}
