import { Injectable } from '@nestjs/common';
import type { ListQuery } from '../../platform/http/list-query.js';
import type { TenantEntity } from './entities/tenant.entity.js';
import type { CreateTenantDto } from './dto/create-tenant.dto.js';
import { TenantResponse } from './dto/tenant.response.js';
import type { UpdateTenantDto } from './dto/update-tenant.dto.js';
import { TenantsErrors } from './tenants.errors.js';
import { isUniqueViolation, TenantsRepository, type TenantSortField } from './tenants.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TenantsService {
  constructor(private readonly repository: TenantsRepository) {}

  async list(query: ListQuery<TenantSortField>): Promise<{ items: TenantResponse[]; total: number }> {
    const { items, total } = await this.repository.list(query);
    return { items: items.map((tenant) => TenantResponse.from(tenant)), total };
  }

  async get(id: string): Promise<TenantResponse> {
    return TenantResponse.from(await this.load(id));
  }

  async create(input: CreateTenantDto): Promise<TenantResponse> {
    try {
      return TenantResponse.from(await this.repository.insert(input.slug, input.name));
    } catch (error) {
      if (isUniqueViolation(error)) throw TenantsErrors.slugTaken(input.slug);
      throw error;
    }
  }

  async update(id: string, input: UpdateTenantDto): Promise<TenantResponse> {
    const tenant = await this.load(id);
    tenant.name = input.name;
    return TenantResponse.from(await this.repository.save(tenant));
  }

  async remove(id: string): Promise<TenantResponse> {
    const tenant = await this.load(id);
    const response = TenantResponse.from(tenant);
    await this.repository.remove(tenant);
    return response;
  }

  private async load(id: string): Promise<TenantEntity> {
    // An id of any other shape cannot exist: answer 404 rather than letting the uuid cast fail.
    const tenant = UUID.test(id) ? await this.repository.findById(id) : null;
    if (tenant === null) throw TenantsErrors.notFound();
    return tenant;
  }
}
