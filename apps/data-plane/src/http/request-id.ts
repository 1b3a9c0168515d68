import { randomUUID } from 'node:crypto';

const ACCEPTED = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Keeps the caller's `x-request-id` when it is safe to echo and to log, else makes a new one.
 *
 * @example
 * pickRequestId('abc-123'); // 'abc-123'
 * pickRequestId('<script>'); // a fresh UUID
 */
export function pickRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && ACCEPTED.test(incoming) ? incoming : randomUUID();
}
