import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ILike, type FindOptionsWhere, type Repository } from 'typeorm';
import type { ListQuery } from '../../platform/http/list-query.js';
import { TenantEntity } from './entities/tenant.entity.js';

export type TenantSortField = 'slug' | 'name' | 'createdAt' | 'updatedAt';

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: unknown } } | null)?.driverError?.code === UNIQUE_VIOLATION;
}

/**
 * Tenants are the root of scoping: this is the one repository whose queries take no tenant id,
 * and only platform admins reach it.
 */
@Injectable()
export class TenantsRepository {
  constructor(@InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>) {}

  async list(query: ListQuery<TenantSortField>): Promise<{ items: TenantEntity[]; total: number }> {
    const q = typeof query.filter.q === 'string' ? query.filter.q.trim() : '';
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where: FindOptionsWhere<TenantEntity>[] | undefined =
      q === '' ? undefined : [{ name: ILike(pattern) }, { slug: ILike(pattern) }];
    const [items, total] = await this.tenants.findAndCount({
      ...(where ? { where } : {}),
      order: { [query.sortField]: query.sortOrder, id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return { items, total };
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.tenants.findOneBy({ id });
  }

  insert(slug: string, name: string): Promise<TenantEntity> {
    return this.tenants.save(this.tenants.create({ slug, name }));
  }

  save(tenant: TenantEntity): Promise<TenantEntity> {
    return this.tenants.save(tenant);
  }

  async remove(tenant: TenantEntity): Promise<void> {
    await this.tenants.delete({ id: tenant.id });
  }
}
