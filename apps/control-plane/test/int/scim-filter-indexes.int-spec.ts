import { createTestDatabase, type TestDatabase } from '@portcullis/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryGroupEntity } from '../../src/modules/identity/entities/directory-group.entity.js';
import { DirectoryUserEntity } from '../../src/modules/identity/entities/directory-user.entity.js';
import {
  compileFilter,
  GROUP_FILTER_COLUMNS,
  USER_FILTER_COLUMNS,
} from '../../src/modules/identity/scim/scim-filter.js';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../src/modules/identity/scim/scim-schema.js';
import { dataSourceOptions } from '../../src/platform/db/data-source-options.js';
import { runMigrations } from '../../src/platform/db/run-migrations.js';

/**
 * The SQL that SCIM filters compile to can be answered from indexes: with sequential scans
 * priced out, the planner must still find an index path for each lookup the IdPs make.
 */

let database: TestDatabase;
let dataSource: DataSource;
const TENANT = '6f1c4f4e-2a52-4d57-9e36-6a3f2a0c9d11';

beforeAll(async () => {
  database = await createTestDatabase();
  await runMigrations(database.url);
  dataSource = new DataSource(dataSourceOptions(database.url, 1));
  await dataSource.initialize();
  await dataSource.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, 'scim-plans', 'SCIM plans')`, [
    TENANT,
  ]);
  await dataSource.query(
    `INSERT INTO directory_users (tenant_id, source, user_name, external_id, display_name, emails, primary_email)
     SELECT $1, 'scim', 'user' || i || '@plans.test', 'ext-' || i, 'User ' || i,
            jsonb_build_array(jsonb_build_object('value', 'User' || i || '@Plans.test', 'type', 'work')), 'user' || i || '@plans.test'
     FROM generate_series(1, 2000) AS i`,
    [TENANT],
  );
  await dataSource.query(
    `INSERT INTO directory_groups (tenant_id, source, display_name, external_id)
     SELECT $1, 'scim', 'Group ' || i, 'gext-' || i FROM generate_series(1, 200) AS i`,
    [TENANT],
  );
  await dataSource.query('ANALYZE directory_users');
  await dataSource.query('ANALYZE directory_groups');
});

afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

async function plan(
  entity: typeof DirectoryUserEntity | typeof DirectoryGroupEntity,
  filter: string,
): Promise<string> {
  const alias = entity === DirectoryUserEntity ? 'u' : 'g';
  const target =
    entity === DirectoryUserEntity
      ? { resource: USER_RESOURCE, columns: USER_FILTER_COLUMNS }
      : { resource: GROUP_RESOURCE, columns: GROUP_FILTER_COLUMNS };
  const condition = compileFilter(filter, target);
  const query = dataSource.manager
    .createQueryBuilder(entity, alias)
    .where(`${alias}.tenant_id = :tenantId`, { tenantId: TENANT })
    .andWhere(condition.sql, condition.params)
    .orderBy(`${alias}.created_at`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(100);
  const [sql, parameters] = query.getQueryAndParameters();
  return dataSource.transaction(async (manager) => {
    await manager.query('SET LOCAL enable_seqscan = off');
    const rows = await manager.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql}`, parameters);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

describe('SCIM filters use indexes', () => {
  it.each([
    ['userName eq "USER42@plans.test"', 'ix_directory_users_user_name_pattern'],
    ['userName sw "user42"', 'ix_directory_users_user_name_pattern'],
    ['externalId eq "ext-42"', 'ix_directory_users_external_id'],
    ['emails.value eq "user42@plans.test"', 'ix_directory_users_emails'],
    ['emails[type eq "work" and value eq "USER42@plans.test"]', 'ix_directory_users_emails'],
    ['displayName eq "user 42"', 'ix_directory_users_display_name'],
    ['active eq false', 'ix_directory_users_active'],
    ['meta.lastModified gt "2030-01-01T00:00:00Z"', 'ix_directory_users_updated'],
  ])('users: %s', async (filter, index) => {
    const text = await plan(DirectoryUserEntity, filter);
    expect(text, text).toContain(index);
    expect(text, text).not.toMatch(/Seq Scan on directory_users/);
  });

  it.each([
    // Either of (tenant_id, lower(display_name)) indexes answers equality.
    ['displayName eq "group 42"', 'directory_groups_'],
    ['displayName sw "group 4"', 'ix_directory_groups_display_name_pattern'],
    ['externalId eq "gext-42"', 'ix_directory_groups_external_id'],
  ])('groups: %s', async (filter, index) => {
    const text = await plan(DirectoryGroupEntity, filter);
    expect(text, text).toContain(index);
    expect(text, text).not.toMatch(/Seq Scan on directory_groups/);
  });

  it('finds the row the plan promises', async () => {
    const condition = compileFilter('emails.value eq "USER42@PLANS.TEST"', {
      resource: USER_RESOURCE,
      columns: USER_FILTER_COLUMNS,
    });
    const found = await dataSource.manager
      .createQueryBuilder(DirectoryUserEntity, 'u')
      .where('u.tenant_id = :tenantId', { tenantId: TENANT })
      .andWhere(condition.sql, condition.params)
      .getMany();
    expect(found.map((row) => row.userName)).toEqual(['user42@plans.test']);
  });
});
