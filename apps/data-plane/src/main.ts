import type { AddressInfo } from 'node:net';
import { EnvValidationError, loadEnv, type DataPlaneEnv } from './config/env.js';
import { createDataPlane } from './server.js';
import { ConfigStore } from './snapshot/config-store.js';
import { createLogger } from './telemetry/logger.js';
import { createMetrics } from './telemetry/metrics.js';

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    return '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}

function readEnv(): DataPlaneEnv | undefined {
  try {
    return loadEnv();
  } catch (err) {
    if (!(err instanceof EnvValidationError)) {
      throw err;
    }
    createLogger({ level: 'info' }).fatal({ problems: err.problems }, err.message);
    process.exitCode = 1;
    return undefined;
  }
}

function main(): void {
  const env = readEnv();
  if (env === undefined) {
    return;
  }
  const logger = createLogger({ level: env.logLevel });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled rejection');
    process.exit(1);
  });

  const metrics = createMetrics();
  const configStore = new ConfigStore();
  const dataPlane = createDataPlane({ logger, metrics, configStore });

  dataPlane.server.on('error', (err) => {
    logger.fatal({ err }, 'data plane server failed');
    process.exit(1);
  });
  dataPlane.server.listen(env.port, env.host, () => {
    const { port } = dataPlane.server.address() as AddressInfo;
    logger.info(
      { host: env.host, port, controlPlaneUrl: env.controlPlaneUrl, dataDir: env.dataDir },
      `data plane listening on http://${urlHost(env.host)}:${port}`,
    );
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, drainTimeoutMs: env.drainTimeoutMs }, 'shutdown requested');
    void dataPlane.shutdown(env.drainTimeoutMs).then(({ forced }) => {
      // Nothing else holds the event loop, so the process exits on its own with code 0.
      logger.info({ forced }, 'data plane stopped');
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
