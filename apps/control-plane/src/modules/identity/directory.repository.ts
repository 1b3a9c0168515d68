import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, In, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { TenantScope } from '../../platform/auth/authorization.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { DirectoryGroupEntity } from './entities/directory-group.entity.js';
import { DirectoryUserEntity } from './entities/directory-user.entity.js';
import { GroupMembershipEntity } from './entities/group-membership.entity.js';
import { isUuid } from '../../platform/http/input.js';
import { escapeLike, listPage } from '../../platform/db/query-helpers.js';

export type UserSortField = 'userName' | 'displayName' | 'createdAt' | 'updatedAt' | 'active';
export type GroupSortField = 'displayName' | 'createdAt' | 'updatedAt';

function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

function applyScope<T extends object>(query: SelectQueryBuilder<T>, alias: string, scope: TenantScope): void {
  if (!scope.all) {
    if (scope.tenantIds.length === 0) query.andWhere('false');
    else query.andWhere(`${alias}.tenant_id IN (:...scopeTenantIds)`, { scopeTenantIds: scope.tenantIds });
  }
}

/** Every directory query; the tenant scope is always the first argument. */
@Injectable()
export class DirectoryRepository {
  constructor(
    @InjectRepository(DirectoryUserEntity) private readonly users: Repository<DirectoryUserEntity>,
    @InjectRepository(DirectoryGroupEntity) private readonly groups: Repository<DirectoryGroupEntity>,
    @InjectRepository(GroupMembershipEntity) private readonly memberships: Repository<GroupMembershipEntity>,
  ) {}

  async listUsers(
    scope: TenantScope,
    query: ListQuery<UserSortField>,
  ): Promise<{ items: DirectoryUserEntity[]; total: number }> {
    const builder = this.users.createQueryBuilder('u').where('u.tenant_id IS NOT NULL');
    applyScope(builder, 'u', scope);
    const { tenantId, q, active, source } = query.filter;
    if (typeof tenantId === 'string')
      builder.andWhere('u.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    if (typeof active === 'boolean') builder.andWhere('u.active = :active', { active });
    if (typeof source === 'string') builder.andWhere('u.source = :source', { source });
    if (typeof q === 'string' && q.trim() !== '') {
      const pattern = likePattern(q.trim());
      builder.andWhere(
        new Brackets((w) => {
          w.where('u.user_name ILIKE :pattern', { pattern })
            .orWhere('u.display_name ILIKE :pattern', { pattern })
            .orWhere('u.primary_email ILIKE :pattern', { pattern });
        }),
      );
    }
    return listPage(builder, 'u', query);
  }

  async findUser(scope: TenantScope, id: string): Promise<DirectoryUserEntity | null> {
    if (!isUuid(id)) return null;
    const user = await this.users.findOneBy({ id });
    if (user?.tenantId == null) return null;
    return scope.all || scope.tenantIds.includes(user.tenantId) ? user : null;
  }

  findUserById(id: string): Promise<DirectoryUserEntity | null> {
    return isUuid(id) ? this.users.findOneBy({ id }) : Promise.resolve(null);
  }

  saveUser(manager: EntityManager, user: DirectoryUserEntity): Promise<DirectoryUserEntity> {
    return manager.getRepository(DirectoryUserEntity).save(user);
  }

  newUser(fields: Partial<DirectoryUserEntity>): DirectoryUserEntity {
    return this.users.create(fields);
  }

  async deleteUser(manager: EntityManager, user: DirectoryUserEntity): Promise<void> {
    await manager.getRepository(DirectoryUserEntity).delete({ id: user.id });
  }

  async listGroups(
    scope: TenantScope,
    query: ListQuery<GroupSortField>,
  ): Promise<{ items: DirectoryGroupEntity[]; total: number }> {
    const builder = this.groups.createQueryBuilder('g').where('true');
    applyScope(builder, 'g', scope);
    const { tenantId, q } = query.filter;
    if (typeof tenantId === 'string')
      builder.andWhere('g.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    if (typeof q === 'string' && q.trim() !== '') {
      builder.andWhere('g.display_name ILIKE :pattern', { pattern: likePattern(q.trim()) });
    }
    return listPage(builder, 'g', query);
  }

  async findGroup(scope: TenantScope, id: string): Promise<DirectoryGroupEntity | null> {
    if (!isUuid(id)) return null;
    const group = await this.groups.findOneBy({ id });
    if (group === null) return null;
    return scope.all || scope.tenantIds.includes(group.tenantId) ? group : null;
  }

  newGroup(fields: Partial<DirectoryGroupEntity>): DirectoryGroupEntity {
    return this.groups.create(fields);
  }

  saveGroup(manager: EntityManager, group: DirectoryGroupEntity): Promise<DirectoryGroupEntity> {
    return manager.getRepository(DirectoryGroupEntity).save(group);
  }

  async deleteGroup(manager: EntityManager, group: DirectoryGroupEntity): Promise<void> {
    await manager.getRepository(DirectoryGroupEntity).delete({ id: group.id });
  }

  async memberIds(groupId: string, manager: EntityManager = this.memberships.manager): Promise<string[]> {
    const rows = await manager
      .getRepository(GroupMembershipEntity)
      .find({ where: { groupId }, order: { userId: 'ASC' } });
    return rows.map((row) => row.userId);
  }

  async groupIdsOf(userId: string): Promise<string[]> {
    const rows = await this.memberships.find({ where: { userId } });
    return rows.map((row) => row.groupId);
  }

  /** Users among `ids` that belong to `tenantId`; used to refuse members from elsewhere. */
  async usersOfTenant(tenantId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.users.find({ select: { id: true }, where: { tenantId, id: In([...ids]) } });
    return rows.map((row) => row.id);
  }

  async replaceMembers(manager: EntityManager, groupId: string, userIds: readonly string[]): Promise<void> {
    await manager.delete(GroupMembershipEntity, { groupId });
    if (userIds.length > 0) {
      await manager.insert(
        GroupMembershipEntity,
        userIds.map((userId) => ({ groupId, userId })),
      );
    }
  }
}
