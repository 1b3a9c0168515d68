import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, type Repository } from 'typeorm';
import type { TenantScope } from '../../platform/auth/authorization.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { TenantEntity } from './entities/tenant.entity.js';
import { escapeLike, listPage } from '../../platform/db/query-helpers.js';

export type TenantSortField = 'slug' | 'name' | 'createdAt' | 'updatedAt';

/** Tenants are the root of scoping: a caller sees the tenants of its scope, platform admins all. */
@Injectable()
export class TenantsRepository {
  constructor(@InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>) {}

  async list(
    scope: TenantScope,
    query: ListQuery<TenantSortField>,
  ): Promise<{ items: TenantEntity[]; total: number }> {
    const builder = this.tenants.createQueryBuilder('t').where('true');
    if (!scope.all) {
      if (scope.tenantIds.length === 0) builder.andWhere('false');
      else builder.andWhere('t.id IN (:...scopeTenantIds)', { scopeTenantIds: scope.tenantIds });
    }
    const q = typeof query.filter.q === 'string' ? query.filter.q.trim() : '';
    if (q !== '') {
      const pattern = `%${escapeLike(q)}%`;
      builder.andWhere(
        new Brackets((w) => {
          w.where('t.name ILIKE :pattern', { pattern }).orWhere('t.slug ILIKE :pattern', { pattern });
        }),
      );
    }
    return listPage(builder, 't', query);
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.tenants.findOneBy({ id });
  }

  insert(manager: EntityManager, slug: string, name: string): Promise<TenantEntity> {
    const tenants = manager.getRepository(TenantEntity);
    return tenants.save(tenants.create({ slug, name, settings: {} }));
  }

  save(manager: EntityManager, tenant: TenantEntity): Promise<TenantEntity> {
    return manager.getRepository(TenantEntity).save(tenant);
  }

  /** Soft delete: the row stays (its slug stays taken) so its audit trail still resolves. */
  async softDelete(manager: EntityManager, tenant: TenantEntity): Promise<void> {
    await manager.getRepository(TenantEntity).softDelete({ id: tenant.id });
  }
}
