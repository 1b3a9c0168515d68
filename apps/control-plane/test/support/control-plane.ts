import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { inject } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../src/bootstrap.js';
import { loadEnv } from '../../src/platform/config/load-env.js';
import { REDACTED_PATHS } from '../../src/platform/logging/logger.js';

/** Collects a control plane's log lines in memory so tests can read what it logged. */
export class CapturedLogs extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }

  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestControlPlane extends ControlPlane {
  adminToken: string;
  logs: CapturedLogs;
  /** fetch against the control plane with the admin token unless other headers are given. */
  request(path: string, init?: RequestInit & { json?: unknown; token?: string | null }): Promise<Response>;
}

/**
 * One master key for every control plane of a test run: they share the run's database, where the
 * first one to start creates the bundle-signing key and fleet key sealed under its master key.
 * Derived from the run's database name, so it differs between runs without any coordination.
 */
function runMasterKey(): string {
  return createHash('sha256')
    .update(`portcullis-test-master-key:${inject('databaseUrl')}`)
    .digest('base64');
}

/**
 * Starts a real control plane in this process on a random port, against the run's database and
 * Redis (from the global setup), with its logs captured.
 */
export async function startTestControlPlane(
  overrides: Record<string, string | undefined> = {},
): Promise<TestControlPlane> {
  const adminToken = randomBytes(32).toString('base64url');
  const source: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    CONTROL_PLANE_HOST: '127.0.0.1',
    CONTROL_PLANE_PORT: '0',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_PREFIX: inject('redisPrefix'),
    PORTCULLIS_ADMIN_TOKEN: adminToken,
    PORTCULLIS_MASTER_KEY: runMasterKey(),
    ...overrides,
  };
  const env = loadEnv(source);
  const logs = new CapturedLogs();
  const logger: Logger = pino(
    { level: env.LOG_LEVEL, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    logs,
  );
  const controlPlane = await startControlPlane(env, logger);
  const token = env.PORTCULLIS_ADMIN_TOKEN ?? controlPlane.settings.adminToken ?? adminToken;
  return Object.assign(controlPlane, {
    adminToken: token,
    logs,
    request(path: string, init: RequestInit & { json?: unknown; token?: string | null } = {}) {
      const headers = new Headers(init.headers);
      const bearer = init.token === undefined ? token : init.token;
      if (bearer !== null && !headers.has('authorization')) headers.set('authorization', `Bearer ${bearer}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(`${controlPlane.url}${path}`, { ...init, headers, body: body ?? null });
    },
  });
}
