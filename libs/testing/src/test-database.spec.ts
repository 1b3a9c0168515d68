import { PassThrough } from 'node:stream';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseServerUrl, uniqueRunId } from './test-database.js';
import { waitForLine } from './process-output.js';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testDatabaseServerUrl() });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a fresh database that can be used and then dropped', async () => {
    const db = await createTestDatabase();
    expect(await databaseExists(db.name)).toBe(true);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const tables = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    await client.end();
    expect(tables.rows[0]).toEqual({ n: 0 });

    await db.drop();
    expect(await databaseExists(db.name)).toBe(false);
  });

  it('names every run differently', () => {
    expect(uniqueRunId()).not.toBe(uniqueRunId());
    expect(uniqueRunId()).toMatch(/^\d{14}_[0-9a-f]{8}$/);
  });
});

describe('waitForLine', () => {
  it('resolves with what the matcher extracts from the first matching line', async () => {
    const stream = new PassThrough();
    const found = waitForLine(stream, (line) => /port (\d+)/.exec(line)?.[1]);
    stream.write('starting\nlistening on port 4242\n');
    await expect(found).resolves.toBe('4242');
  });

  it('rejects with the output seen when the stream ends first', async () => {
    const stream = new PassThrough();
    const found = waitForLine(stream, (line) => (line === 'ready' ? true : undefined));
    stream.end('boom: DATABASE_URL is wrong\n');
    await expect(found).rejects.toThrow(/DATABASE_URL is wrong/);
  });
});
