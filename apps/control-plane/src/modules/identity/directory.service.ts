import { Inject, Injectable, Optional } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail } from '../../platform/audit/audit-trail.js';
import { assertInScope, tenantScope } from '../../platform/auth/authorization.js';
import type { Principal } from '../../platform/auth/principal.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { isUniqueViolation } from '../../platform/db/db-errors.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import { DirectoryRepository, type GroupSortField, type UserSortField } from './directory.repository.js';
import { type CreateGroupDto, GroupResponse, type UpdateGroupDto } from './dto/group.dto.js';
import { type CreateUserDto, type UpdateUserDto, UserResponse } from './dto/user.dto.js';
import type { DirectoryGroupEntity } from './entities/directory-group.entity.js';
import type { DirectoryUserEntity } from './entities/directory-user.entity.js';
import { IdentityErrors } from './identity.errors.js';

const READERS = ['tenant-owner', 'auditor'] as const;
const WRITERS = ['tenant-owner'] as const;

/** Users and groups as the admin API shows them. SCIM-provisioned records are read-only here. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly tenants: TenantsReader,
    @Optional() @Inject(AUDIT_TRAIL) private readonly audit?: AuditTrail,
  ) {}

  async listUsers(
    principal: Principal,
    query: ListQuery<UserSortField>,
  ): Promise<{ items: UserResponse[]; total: number }> {
    const { items, total } = await this.directory.listUsers(tenantScope(principal, [...READERS]), query);
    return { items: items.map((user) => UserResponse.from(user)), total };
  }

  async getUser(principal: Principal, id: string): Promise<UserResponse> {
    return UserResponse.from(await this.loadUser(principal, id, READERS));
  }

  async createUser(principal: Principal, input: CreateUserDto): Promise<UserResponse> {
    await this.tenants.assertInScope(tenantScope(principal, [...WRITERS]), input.tenantId);
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
    let saved: DirectoryUserEntity;
    try {
      saved = await this.directory.saveUser(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.userNameTaken(input.userName);
      throw error;
    }
    const response = UserResponse.from(saved);
    await this.audit?.record({
      action: 'user.create',
      tenantId: saved.tenantId,
      targetType: 'user',
      targetId: saved.id,
      after: response,
    });
    return response;
  }

  async updateUser(principal: Principal, id: string, input: UpdateUserDto): Promise<UserResponse> {
    const user = await this.loadUser(principal, id, WRITERS);
    if (user.source === 'scim') throw IdentityErrors.provisionedByIdp('user');
    const before = UserResponse.from(user);
    if (input.displayName !== undefined) user.displayName = input.displayName;
    if (input.email !== undefined) {
      const email = input.email.toLowerCase();
      user.primaryEmail = email;
      user.emails = [{ value: email, type: 'work', primary: true }];
    }
    if (input.active !== undefined) user.active = input.active;
    const after = UserResponse.from(await this.directory.saveUser(user));
    await this.audit?.record({
      action: 'user.update',
      tenantId: user.tenantId,
      targetType: 'user',
      targetId: user.id,
      before,
      after,
    });
    return after;
  }

  async deleteUser(principal: Principal, id: string): Promise<UserResponse> {
    const user = await this.loadUser(principal, id, WRITERS);
    if (user.source === 'scim') throw IdentityErrors.provisionedByIdp('user');
    const before = UserResponse.from(user);
    await this.directory.deleteUser(user);
    await this.audit?.record({
      action: 'user.delete',
      tenantId: user.tenantId,
      targetType: 'user',
      targetId: user.id,
      before,
    });
    return before;
  }

  async listGroups(
    principal: Principal,
    query: ListQuery<GroupSortField>,
  ): Promise<{ items: GroupResponse[]; total: number }> {
    const { items, total } = await this.directory.listGroups(tenantScope(principal, [...READERS]), query);
    const responses = await Promise.all(
      items.map(async (group) => GroupResponse.from(group, await this.directory.memberIds(group.id))),
    );
    return { items: responses, total };
  }

  async getGroup(principal: Principal, id: string): Promise<GroupResponse> {
    const group = await this.loadGroup(principal, id, READERS);
    return GroupResponse.from(group, await this.directory.memberIds(group.id));
  }

  async createGroup(principal: Principal, input: CreateGroupDto): Promise<GroupResponse> {
    await this.tenants.assertInScope(tenantScope(principal, [...WRITERS]), input.tenantId);
    const memberIds = await this.checkMembers(input.tenantId, input.memberIds ?? []);
    let group: DirectoryGroupEntity;
    try {
      group = await this.directory.saveGroup(
        this.directory.newGroup({
          tenantId: input.tenantId,
          source: 'local',
          displayName: input.displayName,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.groupNameTaken(input.displayName);
      throw error;
    }
    await this.directory.replaceMembers(group.id, memberIds);
    const response = GroupResponse.from(group, memberIds);
    await this.audit?.record({
      action: 'group.create',
      tenantId: group.tenantId,
      targetType: 'group',
      targetId: group.id,
      after: response,
    });
    return response;
  }

  async updateGroup(principal: Principal, id: string, input: UpdateGroupDto): Promise<GroupResponse> {
    const group = await this.loadGroup(principal, id, WRITERS);
    if (group.source === 'scim') throw IdentityErrors.provisionedByIdp('group');
    const before = GroupResponse.from(group, await this.directory.memberIds(group.id));
    if (input.displayName !== undefined) group.displayName = input.displayName;
    try {
      await this.directory.saveGroup(group);
    } catch (error) {
      if (isUniqueViolation(error)) throw IdentityErrors.groupNameTaken(group.displayName);
      throw error;
    }
    if (input.memberIds !== undefined) {
      await this.directory.replaceMembers(group.id, await this.checkMembers(group.tenantId, input.memberIds));
    }
    const after = GroupResponse.from(group, await this.directory.memberIds(group.id));
    await this.audit?.record({
      action: 'group.update',
      tenantId: group.tenantId,
      targetType: 'group',
      targetId: group.id,
      before,
      after,
    });
    return after;
  }

  async deleteGroup(principal: Principal, id: string): Promise<GroupResponse> {
    const group = await this.loadGroup(principal, id, WRITERS);
    if (group.source === 'scim') throw IdentityErrors.provisionedByIdp('group');
    const before = GroupResponse.from(group, await this.directory.memberIds(group.id));
    await this.directory.deleteGroup(group);
    await this.audit?.record({
      action: 'group.delete',
      tenantId: group.tenantId,
      targetType: 'group',
      targetId: group.id,
      before,
    });
    return before;
  }

  private async loadUser(
    principal: Principal,
    id: string,
    roles: readonly ('tenant-owner' | 'auditor')[],
  ): Promise<DirectoryUserEntity> {
    const user = await this.directory.findUser(tenantScope(principal, [...roles]), id);
    if (user === null) throw IdentityErrors.userNotFound();
    return user;
  }

  private async loadGroup(
    principal: Principal,
    id: string,
    roles: readonly ('tenant-owner' | 'auditor')[],
  ): Promise<DirectoryGroupEntity> {
    const group = await this.directory.findGroup(tenantScope(principal, [...roles]), id);
    if (group === null) throw IdentityErrors.groupNotFound();
    assertInScope(tenantScope(principal, [...roles]), group.tenantId, 'Group');
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
