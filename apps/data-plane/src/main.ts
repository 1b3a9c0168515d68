import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EnvValidationError, loadEnv, type DataPlaneEnv } from './config/env.js';
import { identityPath } from './config-sync/node-identity.js';
import { createStalenessGuard } from './config-sync/staleness.js';
import { ConfigSyncClient, ConfigSyncFatalError } from './config-sync/sync-client.js';
import { createDataPlane } from './server.js';
import { Gateway } from './gateway/gateway.js';
import { createUpstreamClient } from './providers/upstream-client.js';
import { TokenVerifier } from './gateway/token-verifier.js';
import { UsageShipper } from './metering/usage-shipper.js';
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

/** The version sent at enrollment: this package's. */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function main(): void {
  const env = readEnv();
  if (env === undefined) {
    return;
  }
  const logger = createLogger({ level: env.logLevel });
  if (
    env.controlPlaneUrl !== undefined &&
    env.enrollmentToken === undefined &&
    !existsSync(identityPath(env.dataDir))
  ) {
    logger.fatal(
      { variable: 'DATA_PLANE_ENROLLMENT_TOKEN', identityFile: identityPath(env.dataDir) },
      'DATA_PLANE_ENROLLMENT_TOKEN (or DATA_PLANE_ENROLLMENT_TOKEN_FILE) is required: CONTROL_PLANE_URL is set ' +
        'and this node has not enrolled yet; create a token with POST /api/v1/enrollment-tokens',
    );
    process.exitCode = 1;
    return;
  }
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
  const staleness =
    env.controlPlaneUrl === undefined
      ? undefined
      : createStalenessGuard({
          maxStalenessSeconds: env.maxStalenessSeconds,
          failOpen: env.failOpenWhenStale,
          lastContact: () => configStore.lastSyncAt,
        });
  const sync =
    env.controlPlaneUrl === undefined
      ? undefined
      : new ConfigSyncClient({
          controlPlaneUrl: env.controlPlaneUrl,
          dataDir: env.dataDir,
          nodeName: env.nodeName,
          version: packageVersion(),
          enrollmentToken: env.enrollmentToken,
          pollWaitSeconds: env.pollWaitSeconds,
          store: configStore,
          metrics,
          logger,
        });
  const upstream = createUpstreamClient({ allowedHosts: env.allowedUpstreamHosts });
  // JWKS locations are tenant-supplied: the same private-address rule as tenant-owned providers.
  const tokens = new TokenVerifier({ allowedHosts: env.allowedUpstreamHosts });
  // One usage event per call, batched to the control plane, spooled to disk while it is away.
  const usage =
    sync === undefined
      ? undefined
      : new UsageShipper({
          spoolDir: path.join(env.dataDir, 'usage-spool'),
          send: (events) => sync.sendUsage(events),
          logger,
          metrics,
        });
  const gateway = new Gateway({
    loaded: () => configStore.loaded(),
    secrets: () => sync?.secrets,
    upstream,
    tokens,
    usage: {
      record(event) {
        metrics.observeCall(event);
        usage?.record(event);
      },
    },
  });
  const dataPlane = createDataPlane({
    logger,
    metrics,
    configStore,
    gateway,
    maxBodyBytes: env.maxBodyBytes,
    timeouts: { headersMs: env.headersTimeoutMs, requestMs: env.requestTimeoutMs },
    ...(staleness === undefined ? {} : { staleness }),
  });

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

  usage?.start().catch((err: unknown) => {
    logger.fatal({ err }, 'the usage spool could not be opened');
    process.exit(1);
  });
  sync?.run().catch((err: unknown) => {
    if (err instanceof ConfigSyncFatalError) {
      logger.fatal(err.message);
    } else {
      logger.fatal({ err }, 'config sync failed');
    }
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, drainTimeoutMs: env.drainTimeoutMs }, 'shutdown requested');
    // Calls in flight finish first; their usage is sent (or spooled) before the node lets go of
    // its control-plane connection.
    void dataPlane.shutdown(env.drainTimeoutMs).then(async ({ forced }) => {
      await usage?.close();
      await sync?.stop();
      await upstream.close();
      await tokens.close();
      // Nothing else holds the event loop, so the process exits on its own with code 0.
      logger.info({ forced }, 'data plane stopped');
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
