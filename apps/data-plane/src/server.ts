import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayErrorCode, OpenAiErrorType, openAiError, type HealthResponse } from '@portcullis/contracts';
import { ClientAbortedError, GatewayError } from './http/gateway-error.js';
import { readBody } from './http/read-body.js';
import { pickRequestId } from './http/request-id.js';
import type { StalenessGuard } from './config-sync/staleness.js';
import type { Gateway, GatewayReply, RequestInfo } from './gateway/gateway.js';
import type { BodyFilter } from './metering/usage-tap.js';
import type { BodySource } from './providers/upstream-body.js';
import type { ConfigSource } from './snapshot/config-store.js';
import type { Logger } from './telemetry/logger.js';
import type { DataPlaneMetrics, RouteName } from './telemetry/metrics.js';

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

const JSON_TYPE = 'application/json';

export interface DataPlaneDeps {
  logger: Logger;
  metrics: DataPlaneMetrics;
  configStore: ConfigSource;
  /** Largest request body accepted on POST routes; 10 MiB unless set. */
  maxBodyBytes?: number;
  /**
   * A client must send its headers within `headersMs` (default 10 s) and its whole request within
   * `requestMs` (default 120 s), or it is answered 408 and disconnected (slowloris).
   */
  timeouts?: { headersMs?: number; requestMs?: number };
  /**
   * Fails the node closed when its config is too old (decision 0010); absent for a node without a
   * control plane.
   */
  staleness?: StalenessGuard;
  /** The request pipeline behind /v1/*; without it those routes answer 501 once configured. */
  gateway?: Gateway;
}

export interface ShutdownResult {
  /** True when the drain timeout expired and open connections were cut. */
  forced: boolean;
}

export interface DataPlane {
  readonly server: Server;
  /**
   * Stops accepting connections, lets in-flight requests finish (answering them with
   * `connection: close`), closes idle keep-alive connections, and cuts whatever is still open
   * after `timeoutMs`. Calling it again returns the same promise.
   */
  shutdown(timeoutMs: number): Promise<ShutdownResult>;
}

interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Readonly<Record<string, string>>;
}

/** A reply whose body is passed through as it arrives (an upstream's SSE stream, its JSON). */
interface StreamedReply {
  status: number;
  headers: Readonly<Record<string, string>>;
  stream: BodySource;
  /** Applied to every chunk as it is written (metering). */
  filter?: BodyFilter;
}

interface RequestCtx {
  req: IncomingMessage;
  requestId: string;
  /** Filled by the gateway with who called which model, for the log line. */
  info: RequestInfo;
  /** Aborts when the client goes away before the response is complete. */
  signal: AbortSignal;
}

interface Route {
  name: RouteName;
  method: 'GET' | 'POST';
  handle(ctx: RequestCtx): Promise<Reply | StreamedReply> | Reply | StreamedReply;
}

function json(status: number, value: unknown): Reply {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(value) };
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

/**
 * Builds the data plane's HTTP server. It does not listen: the caller (main.ts, a test, the
 * benchmark) chooses the port.
 *
 * @example
 * const dataPlane = createDataPlane({ logger, metrics, configStore });
 * dataPlane.server.listen(8081);
 * process.once('SIGTERM', () => void dataPlane.shutdown(30_000));
 */
export function createDataPlane(deps: DataPlaneDeps): DataPlane {
  const { logger, metrics, configStore, staleness, gateway } = deps;
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let draining = false;
  let inFlight = 0;
  // Sockets with a response still owed; a parse error there must not interleave a 400 with it.
  const busySockets = new WeakSet<object>();
  let shutdownPromise: Promise<ShutdownResult> | undefined;

  const requireConfig = (): void => {
    if (configStore.current() === undefined) {
      throw new GatewayError(
        503,
        OpenAiErrorType.ServiceUnavailable,
        GatewayErrorCode.NotReady,
        'The gateway has no configuration yet; retry shortly',
      );
    }
    if (staleness !== undefined && !staleness.failOpen && staleness.isStale()) {
      throw new GatewayError(
        503,
        OpenAiErrorType.ServiceUnavailable,
        GatewayErrorCode.NotReady,
        'The gateway’s configuration is out of date (its control plane has not been reached in time); retry later',
      );
    }
  };

  const notImplemented = (): never => {
    throw new GatewayError(
      501,
      OpenAiErrorType.Server,
      GatewayErrorCode.NotImplemented,
      'This endpoint is not implemented yet',
    );
  };

  const parseJson = async (req: IncomingMessage): Promise<unknown> => {
    const body = await readBody(req, maxBodyBytes);
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new GatewayError(
        400,
        OpenAiErrorType.InvalidRequest,
        GatewayErrorCode.BadRequest,
        'The request body is not valid JSON',
      );
    }
  };

  const toReply = (reply: GatewayReply): Reply | StreamedReply =>
    typeof reply.body === 'string'
      ? {
          status: reply.status,
          contentType: reply.headers['content-type'] ?? JSON_TYPE,
          body: reply.body,
          headers: reply.headers,
        }
      : {
          status: reply.status,
          headers: reply.headers,
          stream: reply.body,
          ...(reply.filter === undefined ? {} : { filter: reply.filter }),
        };

  // Without a gateway (tests of the bare server), the API routes only drain their bodies (so
  // shutdown is exercised with real uploads) and report readiness.
  const apiRoute = (
    name: RouteName,
    method: 'GET' | 'POST',
    run: (g: Gateway, ctx: RequestCtx, body: unknown) => Promise<GatewayReply> | GatewayReply,
  ): Route => ({
    name,
    method,
    async handle(ctx) {
      const body = method === 'POST' ? await parseJsonOrDrain(ctx.req) : undefined;
      requireConfig();
      if (gateway === undefined) return notImplemented();
      return toReply(await run(gateway, ctx, body));
    },
  });

  const parseJsonOrDrain = async (req: IncomingMessage): Promise<unknown> => {
    if (gateway !== undefined) return parseJson(req);
    await readBody(req, maxBodyBytes);
    return undefined;
  };

  const routes = new Map<string, Route>([
    ['/healthz', { name: 'healthz', method: 'GET', handle: () => json(200, { status: 'ok' }) }],
    [
      '/readyz',
      {
        name: 'readyz',
        method: 'GET',
        handle: () => {
          const config = configStore.current();
          const checks: NonNullable<HealthResponse['checks']> = {
            config:
              config === undefined
                ? { status: 'error', message: 'no configuration yet' }
                : { status: 'ok', message: `revision ${config.revision}` },
          };
          let stale = false;
          if (staleness !== undefined && config !== undefined) {
            const freshness = staleness.check();
            stale = freshness.stale && !staleness.failOpen;
            checks['sync'] =
              freshness.stale && staleness.failOpen
                ? {
                    status: 'ok',
                    message: `${freshness.message}; serving anyway (DATA_PLANE_FAIL_OPEN_WHEN_STALE)`,
                  }
                : { status: freshness.stale ? 'error' : 'ok', message: freshness.message };
          }
          if (draining) {
            checks['shutdown'] = { status: 'error', message: 'draining' };
          }
          const ready = config !== undefined && !draining && !stale;
          const body: HealthResponse = { status: ready ? 'ok' : 'error', checks };
          return json(ready ? 200 : 503, body);
        },
      },
    ],
    [
      '/metrics',
      {
        name: 'metrics',
        method: 'GET',
        handle: async () => ({
          status: 200,
          contentType: metrics.registry.contentType,
          body: await metrics.registry.metrics(),
        }),
      },
    ],
    [
      '/v1/chat/completions',
      apiRoute('chat_completions', 'POST', (g, ctx, body) =>
        g.chatCompletions(ctx.req.headers, body, ctx.signal, ctx.info),
      ),
    ],
    [
      '/v1/embeddings',
      apiRoute('embeddings', 'POST', (g, ctx, body) =>
        g.embeddings(ctx.req.headers, body, ctx.signal, ctx.info),
      ),
    ],
    ['/v1/models', apiRoute('models', 'GET', (g, ctx) => g.models(ctx.req.headers))],
    [
      '/v1/messages',
      apiRoute('messages', 'POST', (g, ctx, body) => g.messages(ctx.req.headers, body, ctx.signal, ctx.info)),
    ],
  ]);

  /**
   * Writes a streamed reply as it arrives, honouring the client's back-pressure; a client that
   * leaves cancels the upstream stream. A plain read-write loop over the body source rather than
   * web streams and `pipeline` (measured on the hot path). A body that had already arrived whole
   * (a JSON answer) is written in one go, with its length.
   */
  const sendStream = async (res: ServerResponse, reply: StreamedReply): Promise<void> => {
    if (draining) {
      res.setHeader('connection', 'close');
    }
    const source = reply.stream;
    const filter = reply.filter;
    const sse = reply.headers['content-type']?.startsWith('text/event-stream') === true;
    const whole = sse ? undefined : source.takeWhole();
    if (whole !== undefined) {
      const bytes = filter === undefined ? whole : Buffer.concat([...filter.push(whole), ...filter.flush()]);
      res.writeHead(reply.status, {
        ...reply.headers,
        'content-length': bytes.byteLength,
        'cache-control': 'no-store',
      });
      res.end(bytes);
      filter?.end(true);
      return;
    }
    res.writeHead(reply.status, { ...reply.headers, 'cache-control': 'no-store' });
    if (sse) res.flushHeaders();
    const client = { gone: false, wake: undefined as (() => void) | undefined };
    const onClose = (): void => {
      if (res.writableFinished) return;
      client.gone = true;
      client.wake?.();
      // Stop the upstream at once, not when its next chunk would have arrived.
      source.cancel(new Error('the client went away')).catch(() => undefined);
    };
    const onDrain = (): void => client.wake?.();
    const write = async (chunk: Uint8Array): Promise<void> => {
      if (client.gone) throw new Error('the client went away');
      if (res.write(chunk)) return;
      await new Promise<void>((resolve) => {
        client.wake = resolve;
      });
      client.wake = undefined;
    };
    res.on('close', onClose);
    res.on('drain', onDrain);
    try {
      for (;;) {
        const value = await source.read();
        if (value === undefined) break;
        if (filter === undefined) await write(value);
        else for (const piece of filter.push(value)) await write(piece);
      }
      if (filter !== undefined) for (const piece of filter.flush()) await write(piece);
      if (client.gone) throw new Error('the client went away');
      res.end();
      filter?.end(true);
    } catch (err) {
      filter?.end(false);
      await source.cancel(err).catch(() => undefined);
      if (!res.writableFinished) {
        logger.warn({ err: (err as Error).message }, 'a streamed response ended early');
        res.destroy();
      }
    } finally {
      res.off('close', onClose);
      res.off('drain', onDrain);
    }
  };

  const send = (res: ServerResponse, reply: Reply): void => {
    if (draining) {
      res.setHeader('connection', 'close');
    }
    res.writeHead(reply.status, {
      ...reply.headers,
      'content-type': reply.contentType,
      'content-length': Buffer.byteLength(reply.body),
      'cache-control': 'no-store',
    });
    res.end(reply.body);
  };

  const onError = (err: unknown, ctx: RequestCtx, res: ServerResponse): void => {
    if (err instanceof ClientAbortedError) {
      res.destroy();
      return;
    }
    if (res.headersSent) {
      logger.error({ err, requestId: ctx.requestId }, 'request failed after the response started');
      res.destroy();
      return;
    }
    if (err instanceof GatewayError) {
      send(res, { ...json(err.status, err.toBody()), headers: err.headers });
      return;
    }
    logger.error({ err, requestId: ctx.requestId }, 'unhandled error');
    send(
      res,
      json(
        500,
        openAiError(
          OpenAiErrorType.Server,
          GatewayErrorCode.InternalError,
          `Internal error (request id ${ctx.requestId})`,
        ),
      ),
    );
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedAt = process.hrtime.bigint();
    const requestId = pickRequestId(req.headers['x-request-id']);
    const method = req.method ?? 'GET';
    const path = pathOf(req.url);
    const route = routes.get(path);
    const routeName: RouteName = route?.name ?? 'not_found';
    const abort = new AbortController();
    const ctx: RequestCtx = { req, requestId, info: { requestId }, signal: abort.signal };
    inFlight += 1;
    busySockets.add(req.socket);
    res.setHeader('x-request-id', requestId);
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
      inFlight -= 1;
      busySockets.delete(req.socket);
      const durationSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      // 499: the client left before the response was complete (the nginx convention).
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.observeRequest(routeName, status, durationSeconds);
      if (routeName !== 'healthz' && routeName !== 'readyz' && routeName !== 'metrics') {
        const fields = {
          requestId,
          method,
          route: routeName,
          status,
          durationMs: durationSeconds * 1000,
          ...ctx.info.caller,
        };
        if (status >= 500) {
          logger.error(fields, 'request finished');
        } else {
          logger.info(fields, 'request finished');
        }
      }
      if (draining) {
        setImmediate(() => {
          server.closeIdleConnections();
        });
      }
    });
    logger.debug({ requestId, method, route: routeName }, 'request received');

    try {
      if (route === undefined) {
        throw new GatewayError(
          404,
          OpenAiErrorType.InvalidRequest,
          GatewayErrorCode.NotFound,
          `Unknown route: ${method} ${path.slice(0, 200)}`,
        );
      }
      if (method !== route.method) {
        throw new GatewayError(
          405,
          OpenAiErrorType.InvalidRequest,
          GatewayErrorCode.MethodNotAllowed,
          `Method ${method} is not allowed on ${path}; use ${route.method}`,
          { allow: route.method },
        );
      }
      const reply = await route.handle(ctx);
      if ('stream' in reply) await sendStream(res, reply);
      else send(res, reply);
    } catch (err) {
      onError(err, ctx, res);
    }
  };

  const onClientError = (err: Error & { code?: string }, socket: Duplex): void => {
    if (err.code === 'ECONNRESET' || !socket.writable || busySockets.has(socket)) {
      socket.destroy();
      return;
    }
    const [status, reason, code, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            GatewayErrorCode.HeadersTooLarge,
            'Request headers too large',
          ]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', GatewayErrorCode.RequestTimeout, 'Request not received in time']
          : [400, 'Bad Request', GatewayErrorCode.BadRequest, 'Malformed HTTP request'];
    const body = JSON.stringify(openAiError(OpenAiErrorType.InvalidRequest, code, message));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        `content-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${randomUUID()}\r\nconnection: close\r\n\r\n${body}`,
    );
  };

  const headersTimeout = deps.timeouts?.headersMs ?? 10_000;
  const requestTimeout = Math.max(deps.timeouts?.requestMs ?? 120_000, headersTimeout);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node enforces both only when it checks its connections: often enough to matter.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      void onRequest(req, res);
    },
  );
  server.on('clientError', onClientError);

  const shutdown = (timeoutMs: number): Promise<ShutdownResult> => {
    shutdownPromise ??= new Promise<ShutdownResult>((resolve) => {
      draining = true;
      let forced = false;
      const timer = setTimeout(() => {
        forced = true;
        logger.warn({ inFlight, timeoutMs }, 'drain timeout; closing the remaining connections');
        server.closeAllConnections();
      }, timeoutMs);
      // close() stops accepting at once; its callback runs when the last connection is gone.
      server.close(() => {
        clearTimeout(timer);
        resolve({ forced });
      });
      server.closeIdleConnections();
      logger.info({ inFlight, timeoutMs }, 'draining');
    });
    return shutdownPromise;
  };

  return { server, shutdown };
}
