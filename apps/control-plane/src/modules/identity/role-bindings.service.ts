import { Injectable } from '@nestjs/common';
import { hasRole, tenantScope } from '../../platform/auth/authorization.js';
import type { Principal } from '../../platform/auth/principal.js';
import { isUniqueViolation } from '../../platform/db/db-errors.js';
import { Transactions } from '../../platform/db/transactions.js';
import { ChangeRecorder } from '../../platform/revisions/change-recorder.js';
import { AppError, ErrorCode } from '../../platform/errors/app-error.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import { DirectoryRepository } from './directory.repository.js';
import { type CreateRoleBindingDto, RoleBindingResponse } from './dto/role-binding.dto.js';
import type { RoleBindingEntity } from './entities/role-binding.entity.js';
import { IdentityErrors } from './identity.errors.js';
import { RoleBindingsRepository, type RoleBindingSortField } from './role-bindings.repository.js';

/**
 * Who may grant what: tenant owners bind tenant-owner, developer and auditor within their tenants;
 * only platform admins make global bindings and grant platform-admin.
 */
@Injectable()
export class RoleBindingsService {
  constructor(
    private readonly bindings: RoleBindingsRepository,
    private readonly directory: DirectoryRepository,
    private readonly tenants: TenantsReader,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(
    principal: Principal,
    query: ListQuery<RoleBindingSortField>,
  ): Promise<{ items: RoleBindingResponse[]; total: number }> {
    const { items, total } = await this.bindings.list(
      tenantScope(principal, ['tenant-owner', 'auditor']),
      query,
    );
    return { items: items.map((binding) => RoleBindingResponse.from(binding)), total };
  }

  async get(principal: Principal, id: string): Promise<RoleBindingResponse> {
    return RoleBindingResponse.from(await this.load(principal, id, ['tenant-owner', 'auditor']));
  }

  async create(principal: Principal, input: CreateRoleBindingDto): Promise<RoleBindingResponse> {
    const tenantId = input.tenantId ?? null;
    if (tenantId === null || input.role === 'platform-admin') {
      if (!hasRole(principal, ['platform-admin'])) {
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'Global role bindings and platform-admin need the platform-admin role',
        );
      }
      if (input.role === 'platform-admin' && tenantId !== null) {
        throw AppError.validation([
          { field: 'tenantId', message: 'platform-admin is bound globally: tenantId must be null' },
        ]);
      }
    } else {
      await this.tenants.assertInScope(tenantScope(principal, ['tenant-owner']), tenantId);
    }
    await this.checkSubject(input, tenantId);

    const fields = {
      tenantId,
      role: input.role,
      subjectType: input.subjectType,
      subjectId: input.subjectType === 'idp-group' ? null : (input.subjectId ?? null),
      subjectName: input.subjectType === 'idp-group' ? (input.subjectName ?? null) : null,
    };
    try {
      return await this.transactions.run(async (manager) => {
        const binding = await this.bindings.insert(manager, fields);
        const after = RoleBindingResponse.from(binding);
        await this.changes.record(
          manager,
          {
            tenantId: tenantId,
            entity: 'role-binding',
            entityId: binding.id,
            op: 'created',
          },
          {
            action: 'role-binding.create',
            tenantId,
            targetType: 'role-binding',
            targetId: binding.id,
            after,
          },
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.bindingExists();
      throw error;
    }
  }

  async remove(principal: Principal, id: string): Promise<RoleBindingResponse> {
    const binding = await this.load(principal, id, ['tenant-owner']);
    if (
      (binding.tenantId === null || binding.role === 'platform-admin') &&
      !hasRole(principal, ['platform-admin'])
    ) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'Global role bindings and platform-admin need the platform-admin role',
      );
    }
    const before = RoleBindingResponse.from(binding);
    await this.transactions.run(async (manager) => {
      await this.bindings.remove(manager, binding);
      await this.changes.record(
        manager,
        {
          tenantId: binding.tenantId,
          entity: 'role-binding',
          entityId: binding.id,
          op: 'deleted',
        },
        {
          action: 'role-binding.delete',
          tenantId: binding.tenantId,
          targetType: 'role-binding',
          targetId: binding.id,
          before,
        },
      );
    });
    return before;
  }

  private async load(
    principal: Principal,
    id: string,
    roles: ('tenant-owner' | 'auditor')[],
  ): Promise<RoleBindingEntity> {
    const binding = await this.bindings.findById(id);
    const scope = tenantScope(principal, roles);
    const visible =
      binding !== null &&
      (scope.all || (binding.tenantId !== null && scope.tenantIds.includes(binding.tenantId)));
    if (!visible) throw IdentityErrors.bindingNotFound();
    return binding;
  }

  /** A user or group subject must exist, in the binding's tenant (or anywhere, for a global one). */
  private async checkSubject(input: CreateRoleBindingDto, tenantId: string | null): Promise<void> {
    if (input.subjectType === 'idp-group' || input.subjectId === undefined) return;
    const scope =
      tenantId === null ? ({ all: true } as const) : ({ all: false, tenantIds: [tenantId] } as const);
    const subject =
      input.subjectType === 'user'
        ? await this.directory.findUser(scope, input.subjectId)
        : await this.directory.findGroup(scope, input.subjectId);
    if (subject === null) {
      throw AppError.validation([
        {
          field: 'subjectId',
          message: `no ${input.subjectType} with this id${tenantId === null ? '' : ' in this tenant'}`,
        },
      ]);
    }
  }
}
