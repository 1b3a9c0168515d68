import { createTestDatabase, testRedisUrl, uniqueRunId } from './test-database.js';

/** What a global setup provides to the tests of a vitest project through `inject()`. */
export interface ProvidedTestServices {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
}

interface ProvidingProject {
  provide<K extends keyof ProvidedTestServices>(key: K, value: ProvidedTestServices[K]): void;
}

/**
 * A vitest globalSetup: one fresh database and one Redis key prefix per run, dropped afterwards.
 *
 * @example
 * // test/global-setup.ts
 * export { setupTestServices as default } from '@portcullis/testing';
 */
export async function setupTestServices(project: ProvidingProject): Promise<() => Promise<void>> {
  const database = await createTestDatabase();
  project.provide('databaseUrl', database.url);
  project.provide('redisUrl', testRedisUrl());
  project.provide('redisPrefix', `portcullis-test-${uniqueRunId()}`);
  return () => database.drop();
}
