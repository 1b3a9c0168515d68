import { Agent, buildConnector, type Dispatcher } from 'undici';
import { createAddressGuard } from './address-guard.js';
import type {
  ConnectionFailure,
  ResolvedDeployment,
  UpstreamFailure,
  UpstreamOutcome,
  UpstreamRequest,
} from './provider-types.js';
import { BufferedUpstreamResponse, UpstreamBody } from './upstream-body.js';
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
  // Headers the upstream's `connection` names are hop-by-hop too (`keep-alive` and `close` name none).
  let alsoDropped: Set<string> | undefined;
  for (const name of (Array.isArray(named) ? named.join(',') : (named ?? '')).split(',')) {
    const lower = name.trim().toLowerCase();
    if (lower !== '' && lower !== 'close' && !HOP_BY_HOP.has(lower)) (alsoDropped ??= new Set()).add(lower);
  }
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || alsoDropped?.has(lower) === true) continue;
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

  const send = (
    deployment: ResolvedDeployment,
    request: UpstreamRequest,
    signal?: AbortSignal,
  ): Promise<UpstreamOutcome> => {
    if (signal?.aborted === true) return Promise.resolve({ kind: 'aborted' });
    return new Promise<UpstreamOutcome>((resolve) => {
      const { timeouts } = deployment;
      let controller: Dispatcher.DispatchController | undefined;
      let stopped: 'client' | 'total' | undefined;
      let settled = false;
      let status = 0;
      let headers: Record<string, string> = {};
      let body: UpstreamBody | undefined;
      // A non-2xx answer: its body (up to 64 KiB) is read for the error message.
      let errorChunks: Buffer[] | undefined;
      let errorSize = 0;

      const stop = (why: 'client' | 'total'): void => {
        stopped ??= why;
        controller?.abort(new Error(why === 'client' ? 'the client went away' : 'total timeout'));
      };
      const onClientAbort = (): void => {
        stop('client');
      };
      signal?.addEventListener('abort', onClientAbort, { once: true });
      const timer = setTimeout(() => {
        stop('total');
      }, timeouts.totalMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onClientAbort);
      };
      const settle = (outcome: UpstreamOutcome): void => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const failureBeforeBody = (error: unknown): UpstreamFailure => {
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
        if (stopped === 'client') return { kind: 'aborted' };
        if (stopped === 'total') return { kind: 'timeout', phase: 'total' };
        const code = errorCode(error);
        if (code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'timeout', phase: 'idle' };
        return { kind: 'connection-failed', reason: connectionFailure(code) };
      };
      const upstreamError = (): UpstreamFailure => {
        const text = Buffer.concat(errorChunks ?? [])
          .subarray(0, ERROR_BODY_LIMIT)
          .toString('utf8');
        const retryAfterMs = parseRetryAfter(headers);
        return retryAfterMs === undefined
          ? { kind: 'upstream-error', status, body: text, headers }
          : { kind: 'upstream-error', status, retryAfterMs, body: text, headers };
      };
      const respond = (): void => {
        if (!settled && body !== undefined) settle(new BufferedUpstreamResponse(status, headers, body));
      };

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(dispatchController) {
          controller = dispatchController;
          if (stopped !== undefined) dispatchController.abort(new Error('stopped before it was sent'));
        },
        onResponseStart(dispatchController, statusCode, rawHeaders) {
          if (statusCode < 200) return; // 1xx: the real answer follows
          status = statusCode;
          headers = forwardableHeaders(rawHeaders);
          if (statusCode >= 300) {
            errorChunks = [];
            return;
          }
          body = new UpstreamBody({
            pause: () => {
              dispatchController.pause();
            },
            resume: () => {
              dispatchController.resume();
            },
            abort: (reason) => {
              stopped ??= 'client';
              cleanup();
              dispatchController.abort(reason instanceof Error ? reason : new Error('body cancelled'));
            },
          });
        },
        onResponseData(dispatchController, chunk) {
          if (body !== undefined) {
            body.push(chunk);
            respond();
            return;
          }
          if (errorChunks === undefined || settled) return;
          errorChunks.push(chunk);
          errorSize += chunk.byteLength;
          if (errorSize >= ERROR_BODY_LIMIT) {
            // The status is what matters; the rest of a long error body is not waited for.
            cleanup();
            settle(upstreamError());
            dispatchController.abort(new Error('error body cut'));
          }
        },
        onResponseEnd() {
          cleanup();
          if (body !== undefined) {
            body.end();
            respond();
          } else {
            settle(errorChunks === undefined ? failureBeforeBody(undefined) : upstreamError());
          }
        },
        onResponseError(_dispatchController, error) {
          cleanup();
          if (settled) {
            body?.fail(new UpstreamStreamError(failureInBody(error)));
            return;
          }
          // An error body that broke off: the status is what matters.
          if (errorChunks !== undefined && stopped === undefined) {
            settle(upstreamError());
            return;
          }
          settle(failureBeforeBody(error));
        },
      };

      try {
        agentFor(deployment).dispatch(
          {
            origin: request.url.origin,
            path: request.url.pathname + request.url.search,
            method: request.method,
            headers: request.headers,
            body: request.method === 'GET' ? null : request.body,
            headersTimeout: timeouts.firstByteMs,
            bodyTimeout: timeouts.firstByteMs,
          },
          handler,
        );
      } catch (error) {
        cleanup();
        settle(failureBeforeBody(error));
      }
    });
  };

  return {
    send,
    async close() {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
      agents.clear();
    },
  };
}
