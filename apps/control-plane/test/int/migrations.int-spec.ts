import { createTestDatabase, type TestDatabase } from '@portcullis/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../../src/platform/db/data-source-options.js';
import { revertLastMigration, runMigrations } from '../../src/platform/db/run-migrations.js';
import { ALL_MIGRATIONS } from '@portcullis/migrations';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

async function tables(): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(database.url, 1));
  await dataSource.initialize();
  try {
    const rows = await dataSource.query<{ tablename: string }[]>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return rows.map((row) => row.tablename);
  } finally {
    await dataSource.destroy();
  }
}

describe('migrations', () => {
  it('apply to an empty database, then find nothing more to do', async () => {
    const applied = await runMigrations(database.url);
    expect(applied).toEqual(ALL_MIGRATIONS.map((migration) => migration.name));
    expect(await tables()).toContain('tenants');
    expect(await runMigrations(database.url)).toEqual([]);
  });

  it('leave the schema exactly as the entities describe it', async () => {
    const dataSource = new DataSource(dataSourceOptions(database.url, 1));
    await dataSource.initialize();
    try {
      // What `typeorm migration:generate --check` would find: it must be nothing.
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('revert cleanly, one by one, and apply again', async () => {
    for (let reverted = 0; reverted < ALL_MIGRATIONS.length; reverted++)
      await revertLastMigration(database.url);
    expect(await tables()).toEqual(['migrations']);
    expect(await runMigrations(database.url)).toHaveLength(ALL_MIGRATIONS.length);
    expect(await tables()).toContain('tenants');
  });

  it('apply once when replicas start together', async () => {
    const fresh = await createTestDatabase();
    try {
      const results = await Promise.all([
        runMigrations(fresh.url),
        runMigrations(fresh.url),
        runMigrations(fresh.url),
      ]);
      expect(results.flat()).toEqual(ALL_MIGRATIONS.map((migration) => migration.name));
    } finally {
      await fresh.drop();
    }
  });
});
