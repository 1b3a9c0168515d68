import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { TenantScope } from '../../platform/auth/authorization.js';
import { isUuid } from '../../platform/http/input.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { ApplicationEntity } from './entities/application.entity.js';
import { escapeLike, listPage } from '../../platform/db/query-helpers.js';

export type ApplicationSortField = 'name' | 'createdAt' | 'updatedAt';

/** Every query on applications; the tenant scope comes first. */
@Injectable()
export class ApplicationsRepository {
  constructor(
    @InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>,
  ) {}

  async list(
    scope: TenantScope,
    query: ListQuery<ApplicationSortField>,
  ): Promise<{ items: ApplicationEntity[]; total: number }> {
    const builder = this.applications.createQueryBuilder('a').where('true');
    if (!scope.all)
      builder.andWhere('a.tenant_id = ANY(:scopeTenantIds)', { scopeTenantIds: scope.tenantIds });
    const { tenantId, q, active } = query.filter;
    if (typeof tenantId === 'string')
      builder.andWhere('a.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    if (typeof q === 'string' && q.trim() !== '')
      builder.andWhere("a.name ILIKE :q ESCAPE '\\'", { q: `%${escapeLike(q.trim())}%` });
    if (typeof active === 'boolean') builder.andWhere('a.active = :active', { active });
    return listPage(builder, 'a', query);
  }

  findById(id: string): Promise<ApplicationEntity | null> {
    return isUuid(id) ? this.applications.findOneBy({ id }) : Promise.resolve(null);
  }

  newApplication(fields: Partial<ApplicationEntity>): ApplicationEntity {
    return this.applications.create(fields);
  }

  save(manager: EntityManager, application: ApplicationEntity): Promise<ApplicationEntity> {
    return manager.getRepository(ApplicationEntity).save(application);
  }

  async remove(manager: EntityManager, application: ApplicationEntity): Promise<void> {
    await manager.getRepository(ApplicationEntity).delete({ id: application.id });
  }
}
