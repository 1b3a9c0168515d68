import { Agent, buildConnector, type Dispatcher } from 'undici';
import { createAddressGuard } from './address-guard.js';
import type {
  ConnectionFailure,
  ResolvedDeployment,
  UpstreamFailure,
  UpstreamOutcome,
  UpstreamRequest,
} from './provider-types.js';
import { UpstreamStreamError, type StreamFailure } from './upstream-stream-error.js';

export interface UpstreamClientOptions {
  /** Host names, IPs or CIDR ranges tenant-owned providers may reach although they are not public. */
  allowedHosts?: readonly string[];
  /** How long an idle upstream connection is kept for reuse; undici's default (4 s) unless set. */
  keepAliveTimeoutMs?: number;
  /** Most connections per upstream origin; unlimited unless set. */
  connectionsPerOrigin?: number;
}

/** Sends built upstream requests over shared keep-alive pools, with the deployment's timeouts. */
export interface UpstreamClient {
  /**
   * Sends `request` and resolves once the status is known and, for a 2xx, the first body bytes
   * have arrived (so a stall before the first SSE event is still a retryable `first-byte` timeout).
   * `signal` is the client's: aborting it aborts the upstream request at any point.
   */
  send(
    deployment: ResolvedDeployment,
    request: UpstreamRequest,
    signal?: AbortSignal,
  ): Promise<UpstreamOutcome>;
  /** Closes every pool once its in-flight requests are done. */
  close(): Promise<void>;
}

const ERROR_BODY_LIMIT = 64 * 1024;

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  // Happy-eyeballs failures (every address refused) arrive as an AggregateError.
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  if ('cause' in error) return errorCode(error.cause);
  return undefined;
}

function connectionFailure(code: string | undefined): ConnectionFailure {
  switch (code) {
    case 'ERR_BLOCKED_ADDRESS':
      return 'blocked-address';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return 'dns';
    default:
      if (
        code !== undefined &&
        (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || TLS_CODES.has(code))
      ) {
        return 'tls';
      }
      return 'other';
  }
}

/** Response headers without hop-by-hop ones (and those `connection` names), lowercase, joined. */
function forwardableHeaders(raw: Dispatcher.ResponseData['headers']): Record<string, string> {
  const named = raw.connection;
  const dropped = new Set(HOP_BY_HOP);
  for (const name of (Array.isArray(named) ? named.join(',') : (named ?? '')).split(',')) {
    if (name.trim() !== '') dropped.add(name.trim().toLowerCase());
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const lower = name.toLowerCase();
    if (value === undefined || dropped.has(lower)) continue;
    headers[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** `retry-after-ms` (Azure, OpenAI), else `retry-after` in seconds or as an HTTP date. */
export function parseRetryAfter(
  headers: Readonly<Record<string, string>>,
  now = Date.now(),
): number | undefined {
  const ms = headers['retry-after-ms']?.trim();
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.round(Number(ms));
  const value = headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readCapped(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    chunks.push(bytes);
    size += bytes.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Creates the data plane's upstream HTTP client: undici agents with keep-alive pools per origin,
 * one agent per connect timeout (undici sets it per connector, not per request) and per trust
 * level. Tenant-owned deployments go through the address guard.
 *
 * @example
 * const upstream = createUpstreamClient({ allowedHosts: ['vllm.internal'] });
 * const outcome = await upstream.send(deployment, request, clientAbort.signal);
 */
export function createUpstreamClient(options: UpstreamClientOptions = {}): UpstreamClient {
  const guard = createAddressGuard({ allowedHosts: options.allowedHosts ?? [] });
  const agents = new Map<string, Agent>();

  const agentFor = (deployment: ResolvedDeployment): Agent => {
    const { connectMs } = deployment.timeouts;
    const key = `${connectMs}:${deployment.tenantOwned ? 'guarded' : 'trusted'}`;
    let agent = agents.get(key);
    if (agent === undefined) {
      const connect = deployment.tenantOwned
        ? guard.wrap(buildConnector({ timeout: connectMs, lookup: guard.lookup }))
        : buildConnector({ timeout: connectMs });
      agent = new Agent({
        connect,
        ...(options.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: options.keepAliveTimeoutMs }),
        ...(options.connectionsPerOrigin === undefined ? {} : { connections: options.connectionsPerOrigin }),
      });
      agents.set(key, agent);
    }
    return agent;
  };

  const send = async (
    deployment: ResolvedDeployment,
    request: UpstreamRequest,
    signal?: AbortSignal,
  ): Promise<UpstreamOutcome> => {
    if (signal?.aborted === true) return { kind: 'aborted' };
    const { timeouts } = deployment;
    const controller = new AbortController();
    let stopped: 'client' | 'total' | undefined;
    const onClientAbort = (): void => {
      stopped ??= 'client';
      controller.abort();
    };
    signal?.addEventListener('abort', onClientAbort, { once: true });
    const timer = setTimeout(() => {
      stopped ??= 'total';
      controller.abort();
    }, timeouts.totalMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onClientAbort);
    };
    const failureBeforeBody = (error: unknown): UpstreamFailure => {
      cleanup();
      if (stopped === 'client') return { kind: 'aborted' };
      if (stopped === 'total') return { kind: 'timeout', phase: 'total' };
      const code = errorCode(error);
      if (code === 'UND_ERR_CONNECT_TIMEOUT') return { kind: 'timeout', phase: 'connect' };
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        return { kind: 'timeout', phase: 'first-byte' };
      }
      return { kind: 'connection-failed', reason: connectionFailure(code) };
    };
    const failureInBody = (error: unknown): StreamFailure => {
      cleanup();
      if (stopped === 'client') return { kind: 'aborted' };
      if (stopped === 'total') return { kind: 'timeout', phase: 'total' };
      const code = errorCode(error);
      if (code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'timeout', phase: 'idle' };
      return { kind: 'connection-failed', reason: connectionFailure(code) };
    };

    let response: Dispatcher.ResponseData;
    try {
      response = await agentFor(deployment).request({
        origin: request.url.origin,
        path: request.url.pathname + request.url.search,
        method: request.method,
        headers: request.headers,
        body: request.method === 'GET' ? null : request.body,
        signal: controller.signal,
        headersTimeout: timeouts.firstByteMs,
        bodyTimeout: timeouts.firstByteMs,
      });
    } catch (error) {
      return failureBeforeBody(error);
    }

    const status = response.statusCode;
    const headers = forwardableHeaders(response.headers);
    if (status < 200 || status >= 300) {
      let body = '';
      try {
        body = await readCapped(response.body, ERROR_BODY_LIMIT);
      } catch {
        // The status is what matters; a cut error body stays empty.
      }
      cleanup();
      const retryAfterMs = parseRetryAfter(headers);
      return retryAfterMs === undefined
        ? { kind: 'upstream-error', status, body, headers }
        : { kind: 'upstream-error', status, retryAfterMs, body, headers };
    }

    const iterator = (response.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    let first: IteratorResult<Buffer>;
    try {
      first = await iterator.next();
    } catch (error) {
      return failureBeforeBody(error);
    }
    let pending: Uint8Array | undefined = first.done === true ? undefined : first.value;
    let finished = first.done === true;
    if (finished) cleanup();

    const body = new ReadableStream<Uint8Array>(
      {
        async pull(stream) {
          if (pending !== undefined) {
            stream.enqueue(pending);
            pending = undefined;
            return;
          }
          if (finished) {
            stream.close();
            return;
          }
          try {
            const next = await iterator.next();
            if (next.done === true) {
              finished = true;
              cleanup();
              stream.close();
            } else {
              stream.enqueue(next.value);
            }
          } catch (error) {
            finished = true;
            stream.error(new UpstreamStreamError(failureInBody(error)));
          }
        },
        async cancel() {
          cleanup();
          finished = true;
          await iterator.return?.();
        },
      },
      { highWaterMark: 0 },
    );
    return { kind: 'response', status, headers, body };
  };

  return {
    send,
    async close() {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
      agents.clear();
    },
  };
}
