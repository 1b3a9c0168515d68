import { Injectable } from '@nestjs/common';
import { hasRole, scopeIncludes, tenantScope } from '../../platform/auth/authorization.js';
import type { Principal } from '../../platform/auth/principal.js';
import { isUniqueViolation } from '../../platform/db/db-errors.js';
import { Transactions } from '../../platform/db/transactions.js';
import { ChangeRecorder } from '../../platform/revisions/change-recorder.js';
import { AppError, ErrorCode } from '../../platform/errors/app-error.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import type { CreateTenantDto } from './dto/create-tenant.dto.js';
import { TenantResponse } from './dto/tenant.response.js';
import type { UpdateTenantDto } from './dto/update-tenant.dto.js';
import type { TenantEntity } from './entities/tenant.entity.js';
import { TenantsErrors } from './tenants.errors.js';
import { TenantsRepository, type TenantSortField } from './tenants.repository.js';
import { isUuid } from '../../platform/http/input.js';

const READERS = ['tenant-owner', 'auditor', 'developer'] as const;

@Injectable()
export class TenantsService {
  constructor(
    private readonly repository: TenantsRepository,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(
    principal: Principal,
    query: ListQuery<TenantSortField>,
  ): Promise<{ items: TenantResponse[]; total: number }> {
    const { items, total } = await this.repository.list(tenantScope(principal, [...READERS]), query);
    return { items: items.map((tenant) => TenantResponse.from(tenant)), total };
  }

  async get(principal: Principal, id: string): Promise<TenantResponse> {
    return TenantResponse.from(await this.load(principal, id));
  }

  async create(input: CreateTenantDto): Promise<TenantResponse> {
    try {
      return await this.transactions.run(async (manager) => {
        const tenant = await this.repository.insert(manager, input.slug, input.name);
        const after = TenantResponse.from(tenant);
        await this.changes.record(
          manager,
          {
            tenantId: tenant.id,
            entity: 'tenant',
            entityId: tenant.id,
            op: 'created',
          },
          { action: 'tenant.create', tenantId: tenant.id, targetType: 'tenant', targetId: tenant.id, after },
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw TenantsErrors.slugTaken(input.slug);
      throw error;
    }
  }

  async update(principal: Principal, id: string, input: UpdateTenantDto): Promise<TenantResponse> {
    const tenant = await this.load(principal, id);
    if (input.name !== undefined && !hasRole(principal, ['platform-admin'])) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Renaming a tenant requires the platform-admin role');
    }
    if (input.settings !== undefined && !hasRole(principal, ['tenant-owner'], tenant.id)) {
      throw new AppError(ErrorCode.FORBIDDEN, "Changing a tenant's settings requires the tenant-owner role");
    }
    const before = TenantResponse.from(tenant);
    if (input.name !== undefined) tenant.name = input.name;
    if (input.settings !== undefined) {
      const changes = Object.fromEntries(
        Object.entries(input.settings).filter(([, value]) => value !== undefined),
      );
      tenant.settings = { ...tenant.settings, ...changes };
    }
    return this.transactions.run(async (manager) => {
      const after = TenantResponse.from(await this.repository.save(manager, tenant));
      await this.changes.record(
        manager,
        {
          tenantId: tenant.id,
          entity: 'tenant',
          entityId: tenant.id,
          op: 'updated',
        },
        {
          action: 'tenant.update',
          tenantId: tenant.id,
          targetType: 'tenant',
          targetId: tenant.id,
          before,
          after,
        },
      );
      return after;
    });
  }

  async remove(principal: Principal, id: string): Promise<TenantResponse> {
    const tenant = await this.load(principal, id);
    const before = TenantResponse.from(tenant);
    await this.transactions.run(async (manager) => {
      await this.repository.softDelete(manager, tenant);
      await this.changes.record(
        manager,
        {
          tenantId: tenant.id,
          entity: 'tenant',
          entityId: tenant.id,
          op: 'deleted',
        },
        { action: 'tenant.delete', tenantId: tenant.id, targetType: 'tenant', targetId: tenant.id, before },
      );
    });
    return before;
  }

  private async load(principal: Principal, id: string): Promise<TenantEntity> {
    // An id of any other shape cannot exist: answer 404 rather than letting the uuid cast fail.
    const visible = isUuid(id) && scopeIncludes(tenantScope(principal, [...READERS]), id);
    const tenant = visible ? await this.repository.findById(id) : null;
    if (tenant === null) throw TenantsErrors.notFound();
    return tenant;
  }
}
