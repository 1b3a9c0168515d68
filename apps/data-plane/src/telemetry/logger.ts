import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/env.js';

export type { Logger } from 'pino';

/** Redaction happens here, never at call sites (STYLE.md §7). */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'authorization',
  '*.secret',
  '*.token',
  '*.apiKey',
];

/**
 * Creates the data plane's JSON logger. Pass `destination` to capture lines in tests.
 *
 * @example
 * const logger = createLogger({ level: env.logLevel });
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  const settings = {
    level: options.level,
    base: { service: 'data-plane' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}
