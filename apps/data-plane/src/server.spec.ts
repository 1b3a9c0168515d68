import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { CONFIG_SCHEMA_V1, healthResponseSchema, openAiErrorBodySchema } from '@portcullis/contracts';
import { Client, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createStalenessGuard, type StalenessGuard } from './config-sync/staleness.js';
import { createDataPlane, type DataPlane } from './server.js';
import { ConfigStore, type ConfigSource } from './snapshot/config-store.js';
import { createLogger } from './telemetry/logger.js';
import { createMetrics, type DataPlaneMetrics } from './telemetry/metrics.js';
import { connectionError } from '@portcullis/testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type LogLine = Record<string, unknown> & { msg: string };

class LogCapture extends EventEmitter {
  readonly lines: LogLine[] = [];

  write(line: string): void {
    const parsed = JSON.parse(line) as LogLine;
    this.lines.push(parsed);
    this.emit('line', parsed);
  }

  waitFor(predicate: (line: LogLine) => boolean): Promise<LogLine> {
    const seen = this.lines.find(predicate);
    if (seen !== undefined) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => {
      const onLine = (line: LogLine): void => {
        if (predicate(line)) {
          this.off('line', onLine);
          resolve(line);
        }
      };
      this.on('line', onLine);
    });
  }
}

interface Harness {
  dataPlane: DataPlane;
  port: number;
  url: string;
  logs: LogCapture;
  metrics: DataPlaneMetrics;
  configStore: ConfigStore;
}

const started: DataPlane[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((dataPlane) => dataPlane.shutdown(1000)));
});

async function start(
  options: {
    maxBodyBytes?: number;
    configStore?: ConfigSource;
    staleness?: StalenessGuard;
    timeouts?: { headersMs?: number; requestMs?: number };
  } = {},
): Promise<Harness> {
  const logs = new LogCapture();
  const metrics = createMetrics({ defaultMetrics: false });
  const configStore = new ConfigStore();
  const dataPlane = createDataPlane({
    logger: createLogger({ level: 'debug', destination: logs }),
    metrics,
    configStore: options.configStore ?? configStore,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.staleness === undefined ? {} : { staleness: options.staleness }),
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
  });
  started.push(dataPlane);
  dataPlane.server.listen(0, '127.0.0.1');
  await once(dataPlane.server, 'listening');
  const { port } = dataPlane.server.address() as AddressInfo;
  return { dataPlane, port, url: `http://127.0.0.1:${port}`, logs, metrics, configStore };
}

function validBundle(revision = 1): Record<string, unknown> {
  const now = Date.now();
  return {
    schema: CONFIG_SCHEMA_V1,
    revision,
    issuedAt: new Date(now - 60_000).toISOString(),
    expiresAt: new Date(now + 3_600_000).toISOString(),
    tenants: [],
  };
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseRaw(text: string): RawResponse {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4) };
}

/** A raw TCP client: tests need to send partial bodies and malformed requests. */
async function connect(port: number): Promise<{ socket: net.Socket; response: Promise<RawResponse> }> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  const response = once(socket, 'close').then(() => parseRaw(Buffer.concat(chunks).toString('utf8')));
  return { socket, response };
}

const API_ROUTES = [
  ['POST', '/v1/chat/completions'],
  ['POST', '/v1/embeddings'],
  ['GET', '/v1/models'],
  ['POST', '/v1/messages'],
] as const;

describe(createDataPlane.name, () => {
  describe('GET /healthz', () => {
    it('answers 200 {"status":"ok"} with a generated request id', async () => {
      const { url } = await start();

      const res = await fetch(`${url}/healthz`);

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-request-id')).toMatch(UUID);
      expect(await res.text()).toBe('{"status":"ok"}');
    });

    it('ignores the query string', async () => {
      const { url } = await start();

      expect((await fetch(`${url}/healthz?probe=1`)).status).toBe(200);
    });
  });

  describe('x-request-id', () => {
    it('echoes a well-formed incoming id', async () => {
      const { url } = await start();
      const id = `Abc.def_123-${'x'.repeat(116)}`;

      const res = await fetch(`${url}/healthz`, { headers: { 'x-request-id': id } });

      expect(res.headers.get('x-request-id')).toBe(id);
    });

    it.each(['a b', 'x'.repeat(129), '<script>', 'id;drop'])('replaces the incoming id %j', async (id) => {
      const { url } = await start();

      const res = await fetch(`${url}/nope`, { headers: { 'x-request-id': id } });

      expect(res.headers.get('x-request-id')).toMatch(UUID);
    });
  });

  describe('GET /readyz', () => {
    it('answers 503 until there is a configuration, then 200', async () => {
      const { url, configStore } = await start();

      const before = await fetch(`${url}/readyz`);
      expect(before.status).toBe(503);
      expect(before.headers.get('content-type')).toBe('application/json');
      expect(await before.text()).toBe(
        '{"status":"error","checks":{"config":{"status":"error","message":"no configuration yet"}}}',
      );

      expect(configStore.apply(validBundle(4)).status).toBe('applied');

      const after = await fetch(`${url}/readyz`);
      expect(after.status).toBe(200);
      expect(healthResponseSchema.parse(await after.json())).toEqual({
        status: 'ok',
        checks: { config: { status: 'ok', message: 'revision 4' } },
      });
    });
  });

  describe('staleness (decision 0010)', () => {
    const HOUR_S = 3600;
    const guard = (contactAgoS: number, failOpen = false): StalenessGuard => {
      const lastContact = new Date(Date.now() - contactAgoS * 1000);
      return createStalenessGuard({ maxStalenessSeconds: HOUR_S, failOpen, lastContact: () => lastContact });
    };

    it('stays ready while the last contact is recent', async () => {
      const { url, configStore } = await start({ staleness: guard(5) });
      configStore.apply(validBundle(4));

      const res = await fetch(`${url}/readyz`);

      expect(res.status).toBe(200);
      expect(healthResponseSchema.parse(await res.json()).checks?.['sync']).toEqual({
        status: 'ok',
        message: expect.stringMatching(/^last contact with the control plane \d+ s ago$/) as unknown,
      });
    });

    it('fails /readyz and answers /v1/* with 503 once the config is stale', async () => {
      const { url, configStore } = await start({ staleness: guard(HOUR_S + 10) });
      configStore.apply(validBundle(4));

      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(healthResponseSchema.parse(await ready.json())).toEqual({
        status: 'error',
        checks: {
          config: { status: 'ok', message: 'revision 4' },
          sync: {
            status: 'error',
            message: expect.stringMatching(
              /^no contact with the control plane for 36\d\d s \(limit 3600 s\)$/,
            ) as unknown,
          },
        },
      });

      for (const [method, path] of API_ROUTES) {
        const res = await fetch(`${url}${path}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
        expect(res.status).toBe(503);
        expect(openAiErrorBodySchema.parse(await res.json())).toEqual({
          error: {
            type: 'service_unavailable',
            code: 'not_ready',
            message:
              'The gateway’s configuration is out of date (its control plane has not been reached in time); retry later',
            param: null,
          },
        });
      }
    });

    it('keeps serving a stale config when told to fail open', async () => {
      const { url, configStore } = await start({ staleness: guard(HOUR_S + 10, true) });
      configStore.apply(validBundle(4));

      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(healthResponseSchema.parse(await ready.json()).checks?.['sync']?.message).toContain(
        'serving anyway (DATA_PLANE_FAIL_OPEN_WHEN_STALE)',
      );
      expect((await fetch(`${url}/v1/models`)).status).toBe(501);
    });

    it('still says "no configuration yet" before any config, stale or not', async () => {
      const { url } = await start({ staleness: guard(HOUR_S + 10) });

      const res = await fetch(`${url}/v1/models`);

      expect(res.status).toBe(503);
      expect(openAiErrorBodySchema.parse(await res.json()).error.message).toBe(
        'The gateway has no configuration yet; retry shortly',
      );
    });
  });

  describe('API routes', () => {
    it.each(API_ROUTES)('%s %s answers 503 not_ready without a configuration', async (method, path) => {
      const { url } = await start();

      const res = await fetch(`${url}${path}`, {
        method,
        ...(method === 'POST' ? { body: '{"model":"gpt-4o"}' } : {}),
      });

      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('x-request-id')).toMatch(UUID);
      expect(openAiErrorBodySchema.parse(await res.json())).toEqual({
        error: {
          type: 'service_unavailable',
          code: 'not_ready',
          message: 'The gateway has no configuration yet; retry shortly',
          param: null,
        },
      });
    });

    it.each(API_ROUTES)('%s %s answers 501 not_implemented once configured', async (method, path) => {
      const { url, configStore } = await start();
      configStore.apply(validBundle());

      const res = await fetch(`${url}${path}`, {
        method,
        ...(method === 'POST' ? { body: '{"model":"gpt-4o"}' } : {}),
      });

      expect(res.status).toBe(501);
      expect(openAiErrorBodySchema.parse(await res.json()).error).toMatchObject({
        type: 'server_error',
        code: 'not_implemented',
      });
    });

    it('never logs the request body', async () => {
      const { url, logs } = await start();

      await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-live-secret' },
        body: '{"messages":[{"role":"user","content":"PROMPT-MARKER"}]}',
      });
      await logs.waitFor((line) => line.msg === 'request finished');

      const written = JSON.stringify(logs.lines);
      expect(written).not.toContain('PROMPT-MARKER');
      expect(written).not.toContain('sk-live-secret');
    });
  });

  describe('unknown routes and methods', () => {
    it('answers 404 with an OpenAI error body', async () => {
      const { url } = await start();

      const res = await fetch(`${url}/v2/chat/completions`, { method: 'POST', body: '{}' });

      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({
        error: {
          type: 'invalid_request_error',
          code: 'not_found',
          message: 'Unknown route: POST /v2/chat/completions',
          param: null,
        },
      });
    });

    it.each([
      ['GET', '/v1/chat/completions', 'POST'],
      ['DELETE', '/v1/models', 'GET'],
      ['POST', '/healthz', 'GET'],
    ])('answers 405 to %s %s with allow: %s', async (method, path, allow) => {
      const { url } = await start();

      const res = await fetch(`${url}${path}`, { method });

      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(openAiErrorBodySchema.parse(await res.json()).error.code).toBe('method_not_allowed');
    });

    it('answers a malformed request with 400 JSON', async () => {
      const { port } = await start();
      const { socket, response } = await connect(port);

      socket.write('NOT HTTP AT ALL\r\n\r\n');

      const res = await response;
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/json');
      expect(openAiErrorBodySchema.parse(JSON.parse(res.body)).error.code).toBe('bad_request');
    });
  });

  describe('slow clients (slowloris)', () => {
    it('answers 408 and disconnects a client that never finishes its headers', async () => {
      const { port } = await start({ timeouts: { headersMs: 200, requestMs: 5_000 } });
      const { socket, response } = await connect(port);

      socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n');

      const res = await response;
      expect(res.status).toBe(408);
      expect(openAiErrorBodySchema.parse(JSON.parse(res.body)).error.code).toBe('request_timeout');
    });

    it('disconnects a client that sends its body too slowly (its request is already being handled)', async () => {
      const { port } = await start({ timeouts: { headersMs: 200, requestMs: 400 } });
      const { socket, response } = await connect(port);

      socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{"a":');

      const res = await response;
      expect(res.status).toBeNaN();
      expect(socket.destroyed).toBe(true);
    });
  });

  describe('request body limit', () => {
    it('accepts a body exactly at the limit', async () => {
      const { url } = await start({ maxBodyBytes: 1024 });

      const res = await fetch(`${url}/v1/embeddings`, { method: 'POST', body: 'x'.repeat(1024) });

      expect(res.status).toBe(503);
    });

    it('answers 413 at once when the declared length is over the limit', async () => {
      const { port } = await start({ maxBodyBytes: 1024 });
      const { socket, response } = await connect(port);

      socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 1025\r\n\r\n');

      const res = await response;
      expect(res.status).toBe(413);
      expect(res.headers['connection']).toBe('close');
      expect(openAiErrorBodySchema.parse(JSON.parse(res.body)).error).toMatchObject({
        type: 'invalid_request_error',
        code: 'request_too_large',
      });
    });

    it('answers 413 when a chunked body grows over the limit', async () => {
      const { port } = await start({ maxBodyBytes: 1024 });
      const { socket, response } = await connect(port);
      const chunk = 'y'.repeat(600);

      socket.write(
        'POST /v1/messages HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n' +
          `258\r\n${chunk}\r\n258\r\n${chunk}\r\n`,
      );

      const res = await response;
      expect(res.status).toBe(413);
      expect(openAiErrorBodySchema.parse(JSON.parse(res.body)).error.code).toBe('request_too_large');
    });
  });

  describe('GET /metrics', () => {
    it('exposes request counts labelled by route name, never by raw path', async () => {
      const { url } = await start();
      await fetch(`${url}/healthz`);
      await fetch(`${url}/healthz`);
      await fetch(`${url}/some/random/path-1234`);

      const res = await fetch(`${url}/metrics`);
      const text = await res.text();

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text).toContain('portcullis_dp_http_requests_total{route="healthz",status="200"} 2');
      expect(text).toContain('portcullis_dp_http_requests_total{route="not_found",status="404"} 1');
      expect(text).toContain(
        'portcullis_dp_http_request_duration_seconds_count{route="healthz",status="200"} 2',
      );
      expect(text).not.toContain('path-1234');
    });

    it('includes the default process metrics', async () => {
      const metrics = createMetrics();

      expect(await metrics.registry.metrics()).toContain('process_cpu_user_seconds_total');
    });
  });

  describe('errors', () => {
    it('answers an unexpected failure with 500 and the request id, logging the real error', async () => {
      const failing: ConfigSource = {
        current() {
          throw new Error('connection string postgres://admin:hunter2@db');
        },
      };
      const { url, logs } = await start({ configStore: failing });

      const res = await fetch(`${url}/v1/models`, { headers: { 'x-request-id': 'req-500' } });
      const body = await res.text();

      expect(res.status).toBe(500);
      expect(JSON.parse(body)).toEqual({
        error: {
          type: 'server_error',
          code: 'internal_error',
          message: 'Internal error (request id req-500)',
          param: null,
        },
      });
      expect(body).not.toContain('hunter2');
      expect(body).not.toContain('server.ts');
      const logged = await logs.waitFor((line) => line.msg === 'unhandled error');
      expect(logged['requestId']).toBe('req-500');
      expect(JSON.stringify(logged['err'])).toContain('hunter2');
    });
  });

  describe('shutdown', () => {
    it('lets an in-flight upload finish, refuses new connections, then closes', async () => {
      const { dataPlane, port, logs } = await start();
      const { socket, response } = await connect(port);
      const [head, tail] = ['{"model":', '"gpt-4o"}'];
      socket.write(
        'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-request-id: in-flight\r\n' +
          `content-type: application/json\r\ncontent-length: ${head.length + tail.length}\r\n\r\n${head}`,
      );
      await logs.waitFor((line) => line.msg === 'request received' && line['requestId'] === 'in-flight');

      const stopped = dataPlane.shutdown(60_000);
      await logs.waitFor((line) => line.msg === 'draining');
      expect(await connectionError(port)).toBe('ECONNREFUSED');

      socket.write(tail);

      const res = await response;
      expect(res.status).toBe(503);
      expect(res.headers['connection']).toBe('close');
      expect(res.headers['x-request-id']).toBe('in-flight');
      expect(JSON.parse(res.body)).toMatchObject({
        error: { type: 'service_unavailable', code: 'not_ready' },
      });
      expect(await stopped).toEqual({ forced: false });
    });

    it('closes idle keep-alive connections instead of waiting for the timeout', async () => {
      const { dataPlane, url } = await start();
      const client = new Client(url, { keepAliveTimeout: 600_000 });
      const res = await client.request({ path: '/healthz', method: 'GET' });
      await res.body.text();
      const disconnected = once(client, 'disconnect');

      expect(await dataPlane.shutdown(600_000)).toEqual({ forced: false });
      await disconnected;
      await client.close();
    });

    it('cuts connections that are still open when the drain timeout expires', async () => {
      const { dataPlane, port, logs } = await start();
      const { socket } = await connect(port);
      const closed = once(socket, 'close');
      socket.write(
        'POST /v1/embeddings HTTP/1.1\r\nhost: x\r\nx-request-id: stuck\r\ncontent-length: 100\r\n\r\n{',
      );
      await logs.waitFor((line) => line.msg === 'request received' && line['requestId'] === 'stuck');

      expect(await dataPlane.shutdown(10)).toEqual({ forced: true });
      await closed;
      expect(logs.lines.map((line) => line.msg)).toContain(
        'drain timeout; closing the remaining connections',
      );
    });

    it('returns the same promise when called twice', async () => {
      const { dataPlane } = await start();

      expect(dataPlane.shutdown(1000)).toBe(dataPlane.shutdown(5));
    });
  });

  describe('undici clients', () => {
    it('gets JSON errors through undici.request too', async () => {
      const { url } = await start();

      const res = await request(`${url}/v1/models`);

      expect(res.statusCode).toBe(503);
      expect(openAiErrorBodySchema.parse(await res.body.json()).error.code).toBe('not_ready');
    });
  });
});
