import 'reflect-metadata';
import { resolve } from 'node:path';
import { ConfigError, loadEnv } from './platform/config/load-env.js';
import { startEmbeddedPostgres } from './platform/db/embedded-postgres.js';
import { revertLastMigration, runMigrations } from './platform/db/run-migrations.js';
import { createLogger } from './platform/logging/logger.js';

/**
 * `npm run migrate`: applies pending migrations (the release step of a clustered deployment);
 * `npm run migrate -- --revert` reverts the last one. Uses the embedded database when
 * DATABASE_URL is unset, like the control plane itself.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const embedded =
    env.DATABASE_URL === undefined
      ? await startEmbeddedPostgres(resolve(env.PORTCULLIS_DATA_DIR))
      : undefined;
  const url = env.DATABASE_URL ?? embedded?.url;
  if (url === undefined) throw new Error('no database to migrate');
  try {
    if (process.argv.includes('--revert')) {
      await revertLastMigration(url);
      logger.info('reverted the last migration');
    } else {
      const applied = await runMigrations(url);
      logger.info(
        { applied },
        applied.length > 0 ? `applied ${applied.length} migration(s)` : 'schema is up to date',
      );
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `portcullis migrate: ${error.message}\n`
      : `portcullis migrate failed: ${String(error)}\n`,
  );
  process.exit(1);
});
