import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests create their databases on: DATABASE_URL when set, else the local default. */
export function testDatabaseServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** The Redis that tests use: REDIS_URL when set, else the local default. */
export function testRedisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A suffix unique to this run, so repeated or concurrent runs never collide. */
export function uniqueRunId(): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:T.Z]/g, '')
    .slice(0, 14);
  return `${stamp}_${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  /** Connection string of the fresh, empty database. */
  readonly url: string;
  readonly name: string;
  /** Drops the database, terminating any connection still open to it. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh database on the test server, named after the run so that it can be told apart
 * and cleaned up; the caller drops it when the run ends.
 *
 * @example
 * const db = await createTestDatabase();
 * // ... run migrations against db.url ...
 * await db.drop();
 */
export async function createTestDatabase(serverUrl = testDatabaseServerUrl()): Promise<TestDatabase> {
  const name = `portcullis_test_${uniqueRunId()}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function withAdminClient(
  serverUrl: string,
  work: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
