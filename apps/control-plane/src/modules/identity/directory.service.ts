import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AUDIT_TRAIL, type AuditEntry, type AuditTrail } from '../../platform/audit/audit-trail.js';
import { tenantScope } from '../../platform/auth/authorization.js';
import type { Principal, Role } from '../../platform/auth/principal.js';
import { isUniqueViolation } from '../../platform/db/db-errors.js';
import { Transactions } from '../../platform/db/transactions.js';
import {
  CONFIG_REVISIONS,
  type ConfigChange,
  type ConfigRevisions,
} from '../../platform/revisions/config-revisions.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import { DirectoryRepository, type GroupSortField, type UserSortField } from './directory.repository.js';
import { type CreateGroupDto, GroupResponse, type UpdateGroupDto } from './dto/group.dto.js';
import { type CreateUserDto, type UpdateUserDto, UserResponse } from './dto/user.dto.js';
import type { DirectoryGroupEntity } from './entities/directory-group.entity.js';
import type { DirectoryUserEntity } from './entities/directory-user.entity.js';
import { IdentityErrors } from './identity.errors.js';
import { RoleBindingsRepository } from './role-bindings.repository.js';

const READERS: Role[] = ['tenant-owner', 'auditor'];
const WRITERS: Role[] = ['tenant-owner'];

/**
 * Users and groups as the admin API shows them. SCIM-provisioned records are read-only here: the
 * IdP owns them. Each change and its audit event commit in one transaction.
 */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly tenants: TenantsReader,
    private readonly bindings: RoleBindingsRepository,
    private readonly transactions: Transactions,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(CONFIG_REVISIONS) private readonly revisions: ConfigRevisions,
  ) {}

  async listUsers(
    principal: Principal,
    query: ListQuery<UserSortField>,
  ): Promise<{ items: UserResponse[]; total: number }> {
    const { items, total } = await this.directory.listUsers(tenantScope(principal, READERS), query);
    return { items: items.map((user) => UserResponse.from(user)), total };
  }

  async getUser(principal: Principal, id: string): Promise<UserResponse> {
    return UserResponse.from(await this.loadUser(principal, id, READERS));
  }

  async createUser(principal: Principal, input: CreateUserDto): Promise<UserResponse> {
    await this.tenants.assertInScope(tenantScope(principal, WRITERS), input.tenantId);
    const email = input.email?.toLowerCase() ?? null;
    const user = this.directory.newUser({
      tenantId: input.tenantId,
      source: 'local',
      userName: input.userName,
      displayName: input.displayName ?? null,
      emails: email === null ? [] : [{ value: email, type: 'work', primary: true }],
      primaryEmail: email,
      active: input.active ?? true,
    });
    try {
      return await this.transactions.run(async (manager) => {
        const after = UserResponse.from(await this.directory.saveUser(manager, user));
        await this.record(
          manager,
          {
            action: 'user.create',
            tenantId: after.tenantId,
            targetType: 'user',
            targetId: after.id,
            after,
          },
          'created',
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.userNameTaken(input.userName);
      throw error;
    }
  }

  async updateUser(principal: Principal, id: string, input: UpdateUserDto): Promise<UserResponse> {
    const user = await this.loadUser(principal, id, WRITERS);
    if (user.source === 'scim') throw IdentityErrors.provisionedByIdp('user');
    const before = UserResponse.from(user);
    if (input.displayName !== undefined) user.displayName = input.displayName;
    if (input.email !== undefined) {
      const email = input.email?.toLowerCase() ?? null;
      user.primaryEmail = email;
      user.emails = email === null ? [] : [{ value: email, type: 'work', primary: true }];
    }
    if (input.active !== undefined) user.active = input.active;
    return this.transactions.run(async (manager) => {
      const after = UserResponse.from(await this.directory.saveUser(manager, user));
      await this.record(
        manager,
        {
          action: 'user.update',
          tenantId: after.tenantId,
          targetType: 'user',
          targetId: user.id,
          before,
          after,
        },
        before.active === after.active ? 'updated' : after.active ? 'reactivated' : 'deactivated',
      );
      return after;
    });
  }

  async deleteUser(principal: Principal, id: string): Promise<UserResponse> {
    const user = await this.loadUser(principal, id, WRITERS);
    if (user.source === 'scim') throw IdentityErrors.provisionedByIdp('user');
    const before = UserResponse.from(user);
    await this.transactions.run(async (manager) => {
      await this.bindings.removeForSubject(manager, user.id);
      await this.directory.deleteUser(manager, user);
      await this.record(
        manager,
        {
          action: 'user.delete',
          tenantId: before.tenantId,
          targetType: 'user',
          targetId: user.id,
          before,
        },
        'deleted',
      );
    });
    return before;
  }

  async listGroups(
    principal: Principal,
    query: ListQuery<GroupSortField>,
  ): Promise<{ items: GroupResponse[]; total: number }> {
    const { items, total } = await this.directory.listGroups(tenantScope(principal, READERS), query);
    const responses: GroupResponse[] = [];
    for (const group of items)
      responses.push(GroupResponse.from(group, await this.directory.memberIds(group.id)));
    return { items: responses, total };
  }

  async getGroup(principal: Principal, id: string): Promise<GroupResponse> {
    const group = await this.loadGroup(principal, id, READERS);
    return GroupResponse.from(group, await this.directory.memberIds(group.id));
  }

  async createGroup(principal: Principal, input: CreateGroupDto): Promise<GroupResponse> {
    await this.tenants.assertInScope(tenantScope(principal, WRITERS), input.tenantId);
    const memberIds = await this.checkMembers(input.tenantId, input.memberIds ?? []);
    const group = this.directory.newGroup({
      tenantId: input.tenantId,
      source: 'local',
      displayName: input.displayName,
    });
    try {
      return await this.transactions.run(async (manager) => {
        const saved = await this.directory.saveGroup(manager, group);
        await this.directory.replaceMembers(manager, saved.id, memberIds);
        const after = GroupResponse.from(saved, memberIds);
        await this.record(
          manager,
          {
            action: 'group.create',
            tenantId: saved.tenantId,
            targetType: 'group',
            targetId: saved.id,
            after,
          },
          'created',
          memberIds,
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.groupNameTaken(input.displayName);
      throw error;
    }
  }

  async updateGroup(principal: Principal, id: string, input: UpdateGroupDto): Promise<GroupResponse> {
    const group = await this.loadGroup(principal, id, WRITERS);
    if (group.source === 'scim') throw IdentityErrors.provisionedByIdp('group');
    const before = GroupResponse.from(group, await this.directory.memberIds(group.id));
    const memberIds =
      input.memberIds === undefined ? undefined : await this.checkMembers(group.tenantId, input.memberIds);
    if (input.displayName !== undefined) group.displayName = input.displayName;
    try {
      return await this.transactions.run(async (manager) => {
        await this.directory.saveGroup(manager, group);
        if (memberIds !== undefined) await this.directory.replaceMembers(manager, group.id, memberIds);
        const after = GroupResponse.from(group, await this.directory.memberIds(group.id, manager));
        await this.record(
          manager,
          {
            action: 'group.update',
            tenantId: group.tenantId,
            targetType: 'group',
            targetId: group.id,
            before,
            after,
          },
          before.memberIds.join() === after.memberIds.join() ? 'updated' : 'members-changed',
          symmetricDifference(before.memberIds, after.memberIds),
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.groupNameTaken(group.displayName);
      throw error;
    }
  }

  async deleteGroup(principal: Principal, id: string): Promise<GroupResponse> {
    const group = await this.loadGroup(principal, id, WRITERS);
    if (group.source === 'scim') throw IdentityErrors.provisionedByIdp('group');
    const before = GroupResponse.from(group, await this.directory.memberIds(group.id));
    await this.transactions.run(async (manager) => {
      await this.bindings.removeForSubject(manager, group.id);
      await this.directory.deleteGroup(manager, group);
      await this.record(
        manager,
        {
          action: 'group.delete',
          tenantId: group.tenantId,
          targetType: 'group',
          targetId: group.id,
          before,
        },
        'deleted',
      );
    });
    return before;
  }

  /**
   * Every directory change is a new config revision (the data plane enforces users, groups and
   * their activity) and an audit event, both in the change's transaction.
   */
  private async record(
    manager: EntityManager,
    entry: AuditEntry,
    op: ConfigChange['op'],
    relatedIds?: readonly string[],
  ): Promise<void> {
    await this.revisions.bump(manager, {
      tenantId: entry.tenantId,
      entity: entry.targetType,
      entityId: entry.targetId ?? '',
      op,
      ...(relatedIds === undefined || relatedIds.length === 0 ? {} : { relatedIds }),
    });
    await this.audit.record(entry, manager);
  }

  private async loadUser(principal: Principal, id: string, roles: Role[]): Promise<DirectoryUserEntity> {
    const user = await this.directory.findUser(tenantScope(principal, roles), id);
    if (user === null) throw IdentityErrors.userNotFound();
    return user;
  }

  private async loadGroup(principal: Principal, id: string, roles: Role[]): Promise<DirectoryGroupEntity> {
    const group = await this.directory.findGroup(tenantScope(principal, roles), id);
    if (group === null) throw IdentityErrors.groupNotFound();
    return group;
  }

  private async checkMembers(tenantId: string, memberIds: readonly string[]): Promise<string[]> {
    const unique = [...new Set(memberIds)];
    const known = new Set(await this.directory.usersOfTenant(tenantId, unique));
    const foreign = unique.filter((id) => !known.has(id));
    if (foreign.length > 0) throw IdentityErrors.foreignMembers(foreign);
    return unique;
  }
}

/** Users in exactly one of the two lists: who joined or left a group. */
function symmetricDifference(before: readonly string[], after: readonly string[]): string[] {
  const was = new Set(before);
  const is = new Set(after);
  return [...before.filter((id) => !is.has(id)), ...after.filter((id) => !was.has(id))];
}
