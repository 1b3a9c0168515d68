import type { ConnectionFailure } from './provider-types.js';

/** Why a response body that had started failed before its end. */
export type StreamFailure =
  | { kind: 'timeout'; phase: 'idle' | 'total' }
  | { kind: 'connection-failed'; reason: ConnectionFailure }
  | { kind: 'aborted' }
  | { kind: 'invalid-response'; message: string };

/**
 * The error an upstream body stream fails with after its first bytes. Nothing may be retried at
 * that point: the caller ends the client's response (for SSE, after an error event).
 */
export class UpstreamStreamError extends Error {
  override readonly name = 'UpstreamStreamError';

  constructor(readonly failure: StreamFailure) {
    super(
      failure.kind === 'timeout'
        ? `upstream ${failure.phase} timeout`
        : failure.kind === 'connection-failed'
          ? `upstream connection failed (${failure.reason})`
          : failure.kind === 'aborted'
            ? 'upstream request aborted'
            : `invalid upstream response: ${failure.message}`,
    );
  }
}
