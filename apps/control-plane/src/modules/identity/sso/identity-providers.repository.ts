import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Repository, type EntityManager } from 'typeorm';
import type { TenantScope } from '../../../platform/auth/authorization.js';
import type { ListQuery } from '../../../platform/http/list-query.js';
import { isUuid } from '../../../platform/http/input.js';
import { TenantIdentityProviderEntity } from './entities/tenant-identity-provider.entity.js';
import { listPage } from '../../../platform/db/query-helpers.js';

export type IdentityProviderSortField = 'issuer' | 'createdAt' | 'updatedAt';

/** Every query on tenant_identity_providers; the tenant scope comes first. */
@Injectable()
export class IdentityProvidersRepository {
  constructor(
    @InjectRepository(TenantIdentityProviderEntity)
    private readonly providers: Repository<TenantIdentityProviderEntity>,
  ) {}

  async list(
    scope: TenantScope,
    query: ListQuery<IdentityProviderSortField>,
  ): Promise<{ items: TenantIdentityProviderEntity[]; total: number }> {
    const builder = this.providers.createQueryBuilder('p').where('true');
    if (!scope.all) {
      if (scope.tenantIds.length === 0) builder.andWhere('false');
      else builder.andWhere('p.tenant_id IN (:...scopeTenantIds)', { scopeTenantIds: scope.tenantIds });
    }
    const { tenantId } = query.filter;
    if (typeof tenantId === 'string')
      builder.andWhere('p.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    return listPage(builder, 'p', query);
  }

  /** Any tenant's provider: for sign-in (the caller is not known yet) and for scoped loads. */
  findById(id: string): Promise<TenantIdentityProviderEntity | null> {
    return isUuid(id) ? this.providers.findOneBy({ id }) : Promise.resolve(null);
  }

  findByTenant(tenantId: string): Promise<TenantIdentityProviderEntity | null> {
    return this.providers.findOneBy({ tenantId });
  }

  /** Every tenant's provider, for the console's list of sign-in buttons. */
  all(): Promise<TenantIdentityProviderEntity[]> {
    return this.providers.find({ order: { createdAt: 'ASC' } });
  }

  newProvider(fields: Partial<TenantIdentityProviderEntity>): TenantIdentityProviderEntity {
    return this.providers.create(fields);
  }

  save(
    manager: EntityManager,
    provider: TenantIdentityProviderEntity,
  ): Promise<TenantIdentityProviderEntity> {
    return manager.getRepository(TenantIdentityProviderEntity).save(provider);
  }

  async remove(manager: EntityManager, provider: TenantIdentityProviderEntity): Promise<void> {
    await manager.getRepository(TenantIdentityProviderEntity).delete({ id: provider.id });
  }
}
