import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, type Repository } from 'typeorm';
import type { TenantScope } from '../../platform/auth/authorization.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { isUuid } from '../../platform/http/input.js';
import { RoleBindingEntity } from './entities/role-binding.entity.js';
import { listPage } from '../../platform/db/query-helpers.js';

export type RoleBindingSortField = 'role' | 'createdAt' | 'subjectType';

@Injectable()
export class RoleBindingsRepository {
  constructor(
    @InjectRepository(RoleBindingEntity) private readonly bindings: Repository<RoleBindingEntity>,
  ) {}

  /**
   * The bindings that apply to a person: to them, to one of their directory groups, or to one of
   * the IdP groups their token names — the last only within their own tenant (or globally for a
   * platform account, whose tenant is null).
   */
  forSubject(
    userId: string,
    tenantId: string | null,
    groupIds: readonly string[],
    idpGroups: readonly string[],
  ): Promise<RoleBindingEntity[]> {
    const builder = this.bindings.createQueryBuilder('b').where(
      new Brackets((w) => {
        w.where("b.subject_type = 'user' AND b.subject_id = :userId", { userId });
        if (groupIds.length > 0)
          w.orWhere("b.subject_type = 'group' AND b.subject_id IN (:...groupIds)", { groupIds });
        if (idpGroups.length > 0) {
          w.orWhere(
            new Brackets((idp) => {
              idp.where("b.subject_type = 'idp-group' AND b.subject_name IN (:...idpGroups)", { idpGroups });
              if (tenantId === null) idp.andWhere('b.tenant_id IS NULL');
              else idp.andWhere('b.tenant_id = :tenantId', { tenantId });
            }),
          );
        }
      }),
    );
    return builder.getMany();
  }

  async list(
    scope: TenantScope,
    query: ListQuery<RoleBindingSortField>,
  ): Promise<{ items: RoleBindingEntity[]; total: number }> {
    const builder = this.bindings.createQueryBuilder('b').where('true');
    if (!scope.all) {
      if (scope.tenantIds.length === 0) builder.andWhere('false');
      else builder.andWhere('b.tenant_id IN (:...scopeTenantIds)', { scopeTenantIds: scope.tenantIds });
    }
    const { tenantId, role, subjectType, subjectId } = query.filter;
    if (tenantId === null) builder.andWhere('b.tenant_id IS NULL');
    if (typeof tenantId === 'string')
      builder.andWhere('b.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    if (typeof role === 'string') builder.andWhere('b.role = :role', { role });
    if (typeof subjectType === 'string') builder.andWhere('b.subject_type = :subjectType', { subjectType });
    if (typeof subjectId === 'string')
      builder.andWhere('b.subject_id = :subjectId', { subjectId: isUuid(subjectId) ? subjectId : null });
    return listPage(builder, 'b', query);
  }

  findById(id: string): Promise<RoleBindingEntity | null> {
    return isUuid(id) ? this.bindings.findOneBy({ id }) : Promise.resolve(null);
  }

  insert(manager: EntityManager, fields: Partial<RoleBindingEntity>): Promise<RoleBindingEntity> {
    const bindings = manager.getRepository(RoleBindingEntity);
    return bindings.save(bindings.create(fields));
  }

  /** Bindings die with the user or group they name (in the deleting transaction). */
  async removeForSubject(manager: EntityManager, subjectId: string): Promise<void> {
    await manager.getRepository(RoleBindingEntity).delete({ subjectId });
  }

  async remove(manager: EntityManager, binding: RoleBindingEntity): Promise<void> {
    await manager.getRepository(RoleBindingEntity).delete({ id: binding.id });
  }
}
