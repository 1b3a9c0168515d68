import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { formatIssuePath } from '@portcullis/contracts';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `FOO=` in an env file means "not set", not "set to the empty string". */
function unsetWhenEmpty(value: unknown): unknown {
  return value === '' ? undefined : value;
}

function integer(min: number, max: number, fallback: number) {
  return z.preprocess(
    unsetWhenEmpty,
    z
      .string()
      .regex(/^\d+$/, `must be an integer between ${min} and ${max}`)
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .default(fallback),
  );
}

const envSchema = z.object({
  // 0 asks the OS for a free port (tests, benchmarks); the log line reports the real one.
  DATA_PLANE_PORT: integer(0, 65535, 8081),
  DATA_PLANE_HOST: z.preprocess(unsetWhenEmpty, z.string().default('0.0.0.0')),
  LOG_LEVEL: z.preprocess(
    unsetWhenEmpty,
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  DRAIN_TIMEOUT_MS: integer(0, 600_000, 30_000),
  CONTROL_PLANE_URL: z.preprocess(
    unsetWhenEmpty,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ),
  DATA_PLANE_DATA_DIR: z.preprocess(unsetWhenEmpty, z.string().default('./.portcullis/data-plane')),
  DATA_PLANE_ENROLLMENT_TOKEN: z.preprocess(
    unsetWhenEmpty,
    z.string().trim().min(1, 'must not be blank').max(256, 'must be at most 256 characters').optional(),
  ),
  DATA_PLANE_ENROLLMENT_TOKEN_FILE: z.preprocess(unsetWhenEmpty, z.string().optional()),
  DATA_PLANE_NAME: z.preprocess(
    unsetWhenEmpty,
    z.string().trim().min(1, 'must not be blank').max(100, 'must be at most 100 characters').optional(),
  ),
  DATA_PLANE_MAX_STALENESS_S: integer(1, 31_536_000, 86_400),
  DATA_PLANE_FAIL_OPEN_WHEN_STALE: z.preprocess(
    unsetWhenEmpty,
    z
      .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
      .transform((value) => value === 'true' || value === '1')
      .default(false),
  ),
  DATA_PLANE_POLL_WAIT_S: integer(1, 60, 30),
  // A client must send its request headers within this time, and its whole request within the
  // next (slowloris); answered 408.
  DATA_PLANE_HEADERS_TIMEOUT_MS: integer(1_000, 120_000, 10_000),
  DATA_PLANE_REQUEST_TIMEOUT_MS: integer(1_000, 3_600_000, 120_000),
  DATA_PLANE_MAX_BODY_BYTES: integer(1_024, 104_857_600, 10 * 1024 * 1024),
  // Hosts (names, IPs or CIDR ranges) a tenant's own provider may reach although they are private.
  DATA_PLANE_ALLOWED_UPSTREAM_HOSTS: z.preprocess(
    unsetWhenEmpty,
    z
      .string()
      .max(4096, 'must be at most 4096 characters')
      .transform((value) =>
        value
          .split(',')
          .map((host) => host.trim())
          .filter((host) => host !== ''),
      )
      .default([]),
  ),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DataPlaneEnv {
  port: number;
  host: string;
  logLevel: LogLevel;
  drainTimeoutMs: number;
  /** Where the control plane lives; unset for a node that runs from its local bundle only. */
  controlPlaneUrl: string | undefined;
  /** Absolute path of the node's state (identity, last good bundle, usage spool). */
  dataDir: string;
  /**
   * The one-use token a node without an identity enrolls with (`DATA_PLANE_ENROLLMENT_TOKEN`, or
   * the contents of `DATA_PLANE_ENROLLMENT_TOKEN_FILE`). A secret: never log it.
   */
  enrollmentToken: string | undefined;
  /** How this node is listed on the control plane; `<hostname>-<port>` unless set. */
  nodeName: string;
  /** Past this many seconds without contact with the control plane the node counts as stale. */
  maxStalenessSeconds: number;
  /** Keep serving a stale configuration instead of failing closed. */
  failOpenWhenStale: boolean;
  /** How long one config long-poll may wait on the control plane (1-60 s). */
  pollWaitSeconds: number;
  /** Private hosts a tenant-owned provider may still reach (`DATA_PLANE_ALLOWED_UPSTREAM_HOSTS`). */
  allowedUpstreamHosts: string[];
  /** Time allowed for a request's headers, and for the whole request (body included). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Largest request body accepted on the API routes. */
  maxBodyBytes: number;
}

export interface LoadEnvOptions {
  readFile?: (file: string) => string;
  hostname?: () => string;
}

export class EnvValidationError extends Error {
  override readonly name = 'EnvValidationError';

  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(
      `Invalid environment: ${problems.map((problem) => `${problem.variable} ${problem.message}`).join('; ')}`,
    );
  }
}

/**
 * Reads and validates the data plane's settings once, at start-up. Values are never echoed in
 * errors: a URL may carry credentials.
 *
 * @example
 * const env = loadEnv(); // throws EnvValidationError naming every bad variable
 */
export function loadEnv(env: NodeJS.ProcessEnv = process.env, options: LoadEnvOptions = {}): DataPlaneEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new EnvValidationError(
      parsed.error.issues.map((issue) => ({ variable: formatIssuePath(issue.path), message: issue.message })),
    );
  }
  const values = parsed.data;
  const enrollmentToken = readEnrollmentToken(
    values.DATA_PLANE_ENROLLMENT_TOKEN,
    values.DATA_PLANE_ENROLLMENT_TOKEN_FILE,
    options.readFile ?? ((file) => readFileSync(file, 'utf8')),
  );
  return {
    port: values.DATA_PLANE_PORT,
    host: values.DATA_PLANE_HOST,
    logLevel: values.LOG_LEVEL,
    drainTimeoutMs: values.DRAIN_TIMEOUT_MS,
    controlPlaneUrl: values.CONTROL_PLANE_URL,
    dataDir: path.resolve(values.DATA_PLANE_DATA_DIR),
    enrollmentToken,
    nodeName:
      values.DATA_PLANE_NAME ?? `${(options.hostname ?? hostname)()}-${values.DATA_PLANE_PORT}`.slice(0, 100),
    maxStalenessSeconds: values.DATA_PLANE_MAX_STALENESS_S,
    failOpenWhenStale: values.DATA_PLANE_FAIL_OPEN_WHEN_STALE,
    pollWaitSeconds: values.DATA_PLANE_POLL_WAIT_S,
    allowedUpstreamHosts: values.DATA_PLANE_ALLOWED_UPSTREAM_HOSTS,
    headersTimeoutMs: values.DATA_PLANE_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: Math.max(values.DATA_PLANE_REQUEST_TIMEOUT_MS, values.DATA_PLANE_HEADERS_TIMEOUT_MS),
    maxBodyBytes: values.DATA_PLANE_MAX_BODY_BYTES,
  };
}

function readEnrollmentToken(
  inline: string | undefined,
  file: string | undefined,
  readFile: (file: string) => string,
): string | undefined {
  if (file === undefined) {
    return inline;
  }
  if (inline !== undefined) {
    throw new EnvValidationError([
      {
        variable: 'DATA_PLANE_ENROLLMENT_TOKEN_FILE',
        message: 'cannot be set together with DATA_PLANE_ENROLLMENT_TOKEN; set one of them',
      },
    ]);
  }
  let contents: string;
  try {
    contents = readFile(file).trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'an error';
    throw new EnvValidationError([
      { variable: 'DATA_PLANE_ENROLLMENT_TOKEN_FILE', message: `names a file that cannot be read (${code})` },
    ]);
  }
  if (contents === '' || contents.length > 256) {
    throw new EnvValidationError([
      {
        variable: 'DATA_PLANE_ENROLLMENT_TOKEN_FILE',
        message: 'must name a file holding one enrollment token (1-256 characters)',
      },
    ]);
  }
  return contents;
}
