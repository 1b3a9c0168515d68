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
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DataPlaneEnv {
  port: number;
  host: string;
  logLevel: LogLevel;
  drainTimeoutMs: number;
  /** Where the control plane lives; unset for a node that runs from its local bundle only. */
  controlPlaneUrl: string | undefined;
  /** Absolute path of the node's state (last good bundle, usage spool). */
  dataDir: string;
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
export function loadEnv(env: NodeJS.ProcessEnv = process.env): DataPlaneEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new EnvValidationError(
      parsed.error.issues.map((issue) => ({ variable: formatIssuePath(issue.path), message: issue.message })),
    );
  }
  const values = parsed.data;
  return {
    port: values.DATA_PLANE_PORT,
    host: values.DATA_PLANE_HOST,
    logLevel: values.LOG_LEVEL,
    drainTimeoutMs: values.DRAIN_TIMEOUT_MS,
    controlPlaneUrl: values.CONTROL_PLANE_URL,
    dataDir: path.resolve(values.DATA_PLANE_DATA_DIR),
  };
}
