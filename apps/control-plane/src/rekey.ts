import 'reflect-metadata';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { rekeyProviders } from './modules/catalog/rekey-providers.js';
import { rekeyPublisherSecrets } from './modules/config-publisher/rekey-publisher.js';
import { ConfigError, loadEnv } from './platform/config/load-env.js';
import { loadRekeyKeys } from './platform/config/rekey-keys.js';
import { dataSourceOptions } from './platform/db/data-source-options.js';
import { startEmbeddedPostgres } from './platform/db/embedded-postgres.js';
import { createLogger } from './platform/logging/logger.js';

/**
 * `node apps/control-plane/dist/rekey.js`: re-encrypts every provider credential, bundle-signing key
 * and fleet secret from
 * PORTCULLIS_MASTER_KEY_OLD to PORTCULLIS_MASTER_KEY_NEW in one transaction. It refuses (and
 * changes nothing) when a credential opens under neither key. Safe to run again.
 */
async function main(): Promise<void> {
  const env = loadEnv();
  const keys = loadRekeyKeys();
  const logger = createLogger(env.LOG_LEVEL);
  const embedded =
    env.DATABASE_URL === undefined
      ? await startEmbeddedPostgres(resolve(env.PORTCULLIS_DATA_DIR))
      : undefined;
  const url = env.DATABASE_URL ?? embedded?.url;
  if (url === undefined) throw new Error('no database');
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    const report = await dataSource.transaction(async (manager) => {
      const result = await rekeyProviders(manager, keys.oldKey, keys.newKey);
      if (result.unreadable.length > 0) {
        throw new Error(
          `credentials of provider(s) ${result.unreadable.join(', ')} open under neither key; nothing was changed`,
        );
      }
      const publisher = await rekeyPublisherSecrets(manager, keys.oldKey, keys.newKey);
      if (publisher.unreadable.length > 0) {
        throw new Error(`${publisher.unreadable.join(', ')} open(s) under neither key; nothing was changed`);
      }
      return { providers: result, publisher };
    });
    logger.info(
      report,
      `re-encrypted ${report.providers.rekeyed} provider credential(s) and ${report.publisher.rekeyed} publisher secret(s)`,
    );
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `portcullis rekey: ${error.message}\n`
      : `portcullis rekey failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
