import 'reflect-metadata';
import { startControlPlane } from './bootstrap.js';
import { ConfigError, loadEnv } from './platform/config/load-env.js';
import { createLogger } from './platform/logging/logger.js';

async function main(): Promise<void> {
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`portcullis control plane: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger(env.LOG_LEVEL);
  const controlPlane = await startControlPlane(env, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, 'control plane failed to start');
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    controlPlane.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
