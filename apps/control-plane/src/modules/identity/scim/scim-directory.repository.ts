import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { isUuid } from '../../../platform/http/input.js';
import { DirectoryGroupEntity } from '../entities/directory-group.entity.js';
import { DirectoryUserEntity } from '../entities/directory-user.entity.js';
import type { SqlCondition } from './scim-filter.js';
import type { GroupRef, MemberRef } from './scim-resources.js';
import { RoleBindingEntity } from '../entities/role-binding.entity.js';

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * One page in the stable SCIM order ((tenant_id, created_at, id) is indexed), with the total
 * counted by a window function in the same query: a lookup is one round trip, not two.
 */
async function page<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  offset: number,
  limit: number,
): Promise<Page<T>> {
  if (limit === 0) return { items: [], total: await query.getCount() };
  const { entities, raw } = await query
    .clone()
    .addSelect('count(*) OVER ()', 'scim_total')
    .orderBy(`${alias}.created_at`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .offset(offset)
    .limit(limit)
    .getRawAndEntities<{ scim_total: string }>();
  const first = raw[0];
  if (first !== undefined) return { items: entities, total: Number(first.scim_total) };
  // Past the last page the window has no row to report the total on.
  return { items: [], total: offset === 0 ? 0 : await query.getCount() };
}

/**
 * Every query SCIM makes on the directory. The tenant is always the first argument after the
 * optional transaction manager; rows of another tenant do not exist here. Pass the manager of the
 * surrounding transaction whenever there is one: the embedded database has a single connection.
 */
@Injectable()
export class ScimDirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager: EntityManager | undefined): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async listUsers(
    tenantId: string,
    where: SqlCondition | undefined,
    offset: number,
    limit: number,
  ): Promise<Page<DirectoryUserEntity>> {
    const query = this.dataSource.manager
      .createQueryBuilder(DirectoryUserEntity, 'u')
      .where('u.tenant_id = :scimTenantId', { scimTenantId: tenantId });
    if (where !== undefined) query.andWhere(where.sql, where.params);
    return page(query, 'u', offset, limit);
  }

  async findUser(
    manager: EntityManager | undefined,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<DirectoryUserEntity | null> {
    if (!isUuid(id)) return null;
    const query = this.m(manager)
      .createQueryBuilder(DirectoryUserEntity, 'u')
      .where('u.id = :id AND u.tenant_id = :tenantId', { id, tenantId });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  newUser(manager: EntityManager, fields: Partial<DirectoryUserEntity>): DirectoryUserEntity {
    return manager.getRepository(DirectoryUserEntity).create(fields);
  }

  saveUser(manager: EntityManager, user: DirectoryUserEntity): Promise<DirectoryUserEntity> {
    return manager.getRepository(DirectoryUserEntity).save(user);
  }

  async deleteUser(manager: EntityManager, tenantId: string, id: string): Promise<void> {
    // Memberships and personal access tokens go with the row (ON DELETE CASCADE); role bindings
    // name their subject without a foreign key, so they are removed here.
    await manager.getRepository(RoleBindingEntity).delete({ subjectId: id, tenantId });
    await manager.getRepository(DirectoryUserEntity).delete({ id, tenantId });
  }

  /** The groups of each user, by displayName. */
  async groupsOf(
    manager: EntityManager | undefined,
    tenantId: string,
    userIds: readonly string[],
  ): Promise<Map<string, GroupRef[]>> {
    const result = new Map<string, GroupRef[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return result;
    const rows: { userId: string; id: string; displayName: string }[] = await this.m(manager).query(
      `SELECT m.user_id AS "userId", g.id AS "id", g.display_name AS "displayName"
       FROM group_memberships m JOIN directory_groups g ON g.id = m.group_id
       WHERE g.tenant_id = $1 AND m.user_id = ANY($2::uuid[])
       ORDER BY lower(g.display_name), g.id`,
      [tenantId, userIds],
    );
    for (const row of rows) result.get(row.userId)?.push({ id: row.id, displayName: row.displayName });
    return result;
  }

  async listGroups(
    tenantId: string,
    where: SqlCondition | undefined,
    offset: number,
    limit: number,
  ): Promise<Page<DirectoryGroupEntity>> {
    const query = this.dataSource.manager
      .createQueryBuilder(DirectoryGroupEntity, 'g')
      .where('g.tenant_id = :scimTenantId', { scimTenantId: tenantId });
    if (where !== undefined) query.andWhere(where.sql, where.params);
    return page(query, 'g', offset, limit);
  }

  async findGroup(
    manager: EntityManager | undefined,
    tenantId: string,
    id: string,
    lock = false,
  ): Promise<DirectoryGroupEntity | null> {
    if (!isUuid(id)) return null;
    const query = this.m(manager)
      .createQueryBuilder(DirectoryGroupEntity, 'g')
      .where('g.id = :id AND g.tenant_id = :tenantId', { id, tenantId });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  newGroup(manager: EntityManager, fields: Partial<DirectoryGroupEntity>): DirectoryGroupEntity {
    return manager.getRepository(DirectoryGroupEntity).create(fields);
  }

  saveGroup(manager: EntityManager, group: DirectoryGroupEntity): Promise<DirectoryGroupEntity> {
    return manager.getRepository(DirectoryGroupEntity).save(group);
  }

  /** Marks a group changed when only its members changed, so meta.lastModified moves. */
  async touchGroup(manager: EntityManager, group: DirectoryGroupEntity): Promise<void> {
    const rows: { updatedAt: Date }[] = await manager.query(
      `UPDATE directory_groups SET updated_at = now() WHERE id = $1 AND tenant_id = $2 RETURNING updated_at AS "updatedAt"`,
      [group.id, group.tenantId],
    );
    const updatedAt = rows[0]?.updatedAt;
    if (updatedAt !== undefined) group.updatedAt = updatedAt;
  }

  async deleteGroup(manager: EntityManager, tenantId: string, id: string): Promise<void> {
    await manager.getRepository(RoleBindingEntity).delete({ subjectId: id, tenantId });
    await manager.getRepository(DirectoryGroupEntity).delete({ id, tenantId });
  }

  /** A group's member ids in uuid order (the order member digests are computed in). */
  async memberIds(manager: EntityManager | undefined, tenantId: string, groupId: string): Promise<string[]> {
    const rows: { userId: string }[] = await this.m(manager).query(
      `SELECT m.user_id AS "userId" FROM group_memberships m JOIN directory_groups g ON g.id = m.group_id
       WHERE m.group_id = $1 AND g.tenant_id = $2 ORDER BY m.user_id`,
      [groupId, tenantId],
    );
    return rows.map((row) => row.userId);
  }

  /** The members of each group, in uuid order, with the name to display. */
  async members(
    manager: EntityManager | undefined,
    tenantId: string,
    groupIds: readonly string[],
  ): Promise<Map<string, MemberRef[]>> {
    const result = new Map<string, MemberRef[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return result;
    const rows: { groupId: string; id: string; display: string }[] = await this.m(manager).query(
      `SELECT m.group_id AS "groupId", u.id AS "id", COALESCE(u.display_name, u.user_name) AS "display"
       FROM group_memberships m JOIN directory_users u ON u.id = m.user_id
       WHERE m.group_id = ANY($1::uuid[]) AND u.tenant_id = $2
       ORDER BY m.group_id, m.user_id`,
      [groupIds, tenantId],
    );
    for (const row of rows) result.get(row.groupId)?.push({ id: row.id, display: row.display });
    return result;
  }

  /** Member digests (see memberDigest) of groups, computed in the database; absent for empty groups. */
  async memberDigests(
    manager: EntityManager | undefined,
    groupIds: readonly string[],
  ): Promise<Map<string, string>> {
    if (groupIds.length === 0) return new Map();
    const rows: { groupId: string; digest: string }[] = await this.m(manager).query(
      `SELECT m.group_id AS "groupId", md5(string_agg(m.user_id::text, ',' ORDER BY m.user_id)) AS "digest"
       FROM group_memberships m WHERE m.group_id = ANY($1::uuid[]) GROUP BY m.group_id`,
      [groupIds],
    );
    return new Map(rows.map((row) => [row.groupId, row.digest]));
  }

  /** Which of `ids` are users of the tenant (ids of any other shape are not). */
  async usersOfTenant(
    manager: EntityManager,
    tenantId: string,
    ids: readonly string[],
  ): Promise<Set<string>> {
    const candidates = ids.filter(isUuid);
    if (candidates.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM directory_users WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, candidates],
    );
    return new Set(rows.map((row) => row.id));
  }

  async addMembers(manager: EntityManager, groupId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    await manager.query(
      `INSERT INTO group_memberships (group_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [groupId, userIds],
    );
  }

  async removeMembers(manager: EntityManager, groupId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    await manager.query(`DELETE FROM group_memberships WHERE group_id = $1 AND user_id = ANY($2::uuid[])`, [
      groupId,
      userIds,
    ]);
  }
}
