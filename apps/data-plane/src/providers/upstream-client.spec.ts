import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readSseEvents, startFakeLlm, type FakeLlm } from '@portcullis/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  ProviderTimeouts,
  ResolvedDeployment,
  UpstreamOutcome,
  UpstreamRequest,
} from './provider-types.js';
import { bodySourceOf } from './upstream-body.js';
import { createUpstreamClient, parseRetryAfter, type UpstreamClient } from './upstream-client.js';
import { UpstreamStreamError } from './upstream-stream-error.js';

const KEY = 'sk-upstream-test';
const RELAXED: ProviderTimeouts = { connectMs: 5_000, firstByteMs: 10_000, totalMs: 30_000 };

let fake: FakeLlm;
let client: UpstreamClient;

beforeAll(async () => {
  fake = await startFakeLlm({ apiKey: KEY });
  client = createUpstreamClient();
});

afterEach(() => {
  fake.reset();
});

afterAll(async () => {
  await client.close();
  await fake.close();
});

function deployment(overrides: Partial<ResolvedDeployment> = {}): ResolvedDeployment {
  return {
    type: 'openai',
    baseUrl: `${fake.url}/v1`,
    options: {},
    credentials: { apiKey: KEY },
    upstreamModel: 'gpt-4o-mini',
    timeouts: RELAXED,
    tenantOwned: false,
    ...overrides,
  };
}

function chatRequest(baseUrl = fake.url, stream = false): UpstreamRequest {
  return {
    url: new URL(`${baseUrl}/v1/chat/completions`),
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream }),
  };
}

function response(outcome: UpstreamOutcome): Extract<UpstreamOutcome, { kind: 'response' }> {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return outcome;
}

async function text(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

async function streamError(body: ReadableStream<Uint8Array>): Promise<unknown> {
  try {
    await text(body);
  } catch (error) {
    return error;
  }
  throw new Error('the stream did not fail');
}

describe(createUpstreamClient.name, () => {
  it('returns status, forwardable headers and the body, keeping the connection alive for the next request', async () => {
    // One connection per origin: a second request can only reuse it, or open a new one if it was closed.
    const single = createUpstreamClient({ connectionsPerOrigin: 1 });

    const first = response(await single.send(deployment(), chatRequest()));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers.connection).toBeUndefined();
    expect(first.headers['keep-alive']).toBeUndefined();
    expect(JSON.parse(await text(first.body))).toMatchObject({ object: 'chat.completion' });
    const second = response(await single.send(deployment(), chatRequest()));
    await text(second.body);
    await single.close();

    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.clientPort).toBe(fake.requests[0]?.clientPort);
  });

  it('hands over a JSON answer that has fully arrived as one piece, and streams an SSE answer as it comes', async () => {
    const json = response(await client.send(deployment(), chatRequest()));
    const whole = bodySourceOf(json).takeWhole();
    expect(whole).toBeDefined();
    expect(JSON.parse(Buffer.from(whole ?? new Uint8Array()).toString())).toMatchObject({
      object: 'chat.completion',
    });

    fake.script({ stream: { chunks: ['a', 'b'], gate: true } });
    fake.releaseNext();
    const sse = response(await client.send(deployment(), chatRequest(fake.url, true)));
    const source = bodySourceOf(sse);
    expect(source.takeWhole()).toBeUndefined(); // the stream has not ended: nothing is waited for
    expect(Buffer.from((await source.read()) ?? new Uint8Array()).toString()).toContain('data: ');
    await source.cancel();
    expect(await fake.requests.at(-1)?.outcome()).toBe('aborted');
  });

  it('keeps the status of an error answer with a huge body, reading only its first 64 KiB', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('x'.repeat(1024 * 1024));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const outcome = await client.send(deployment(), chatRequest(`http://127.0.0.1:${port}`));
      expect(outcome).toMatchObject({ kind: 'upstream-error', status: 500 });
      expect(outcome.kind === 'upstream-error' && outcome.body.length).toBe(64 * 1024);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('maps an upstream 429 to upstream-error with retry-after in milliseconds and the error body', async () => {
    fake.script({ error: { status: 429, retryAfter: 2 } });

    const outcome = await client.send(deployment(), chatRequest());

    expect(outcome).toMatchObject({ kind: 'upstream-error', status: 429, retryAfterMs: 2000 });
    expect(outcome.kind === 'upstream-error' && JSON.parse(outcome.body)).toMatchObject({
      error: { code: 'rate_limit_exceeded' },
    });
  });

  it.each([500, 503])('maps an upstream %i to upstream-error', async (status) => {
    fake.script({ error: { status } });

    expect(await client.send(deployment(), chatRequest())).toMatchObject({ kind: 'upstream-error', status });
  });

  it('maps a reset before the response to connection-failed', async () => {
    fake.script({ fail: 'reset' });

    expect(await client.send(deployment(), chatRequest())).toEqual({
      kind: 'connection-failed',
      reason: 'reset',
    });
  });

  it('maps a refused connection to connection-failed', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    server.close();
    await once(server, 'close');

    expect(await client.send(deployment(), chatRequest(`http://127.0.0.1:${port}`))).toEqual({
      kind: 'connection-failed',
      reason: 'refused',
    });
  });

  it('times out as first-byte when no headers come within firstByteMs', async () => {
    fake.script({ fail: 'hang' });
    const timeouts = { connectMs: 5_000, firstByteMs: 50, totalMs: 30_000 };

    expect(await client.send(deployment({ timeouts }), chatRequest())).toEqual({
      kind: 'timeout',
      phase: 'first-byte',
    });
    expect(await fake.requests[0]?.outcome()).toBe('aborted');
  });

  it('times out as first-byte when headers come but no first event does', async () => {
    fake.script({ stream: { stallAfter: 0 } });
    const timeouts = { connectMs: 5_000, firstByteMs: 50, totalMs: 30_000 };

    expect(await client.send(deployment({ timeouts }), chatRequest(fake.url, true))).toEqual({
      kind: 'timeout',
      phase: 'first-byte',
    });
  });

  it('times out as total before the response when totalMs runs out first', async () => {
    fake.script({ fail: 'hang' });
    // Wider first-byte than total budget, so that only the total timer can fire.
    const timeouts = { connectMs: 5_000, firstByteMs: 10_000, totalMs: 50 };

    expect(await client.send(deployment({ timeouts }), chatRequest())).toEqual({
      kind: 'timeout',
      phase: 'total',
    });
  });

  it('fails the body with an idle timeout when a started stream goes silent', async () => {
    fake.script({ stream: { chunks: ['a', 'b'], stallAfter: 1 } });
    const timeouts = { connectMs: 5_000, firstByteMs: 100, totalMs: 30_000 };

    const started = response(await client.send(deployment({ timeouts }), chatRequest(fake.url, true)));
    const error = await streamError(started.body);

    expect(error).toBeInstanceOf(UpstreamStreamError);
    expect((error as UpstreamStreamError).failure).toEqual({ kind: 'timeout', phase: 'idle' });
  });

  it('fails the body with a total timeout when the whole call outlasts totalMs', async () => {
    fake.script({ stream: { chunks: ['a', 'b'], gate: true } });
    fake.releaseNext();
    const timeouts = { connectMs: 5_000, firstByteMs: 10_000, totalMs: 300 };

    const started = response(await client.send(deployment({ timeouts }), chatRequest(fake.url, true)));
    const error = await streamError(started.body);

    expect((error as UpstreamStreamError).failure).toEqual({ kind: 'timeout', phase: 'total' });
    expect(await fake.requests[0]?.outcome()).toBe('aborted');
  });

  it('aborts the upstream request when the client goes away before the response', async () => {
    fake.script({ fail: 'hang' });
    const clientGone = new AbortController();

    const pending = client.send(deployment(), chatRequest(), clientGone.signal);
    const [recorded] = await fake.waitForRequests(1);
    clientGone.abort();

    expect(await pending).toEqual({ kind: 'aborted' });
    expect(await recorded?.outcome()).toBe('aborted');
  });

  it('aborts the upstream stream when the client goes away mid-stream', async () => {
    fake.script({ stream: { chunks: ['a', 'b'], gate: true } });
    fake.releaseNext();
    const clientGone = new AbortController();

    const started = response(await client.send(deployment(), chatRequest(fake.url, true), clientGone.signal));
    clientGone.abort();
    const error = await streamError(started.body);

    expect((error as UpstreamStreamError).failure).toEqual({ kind: 'aborted' });
    expect(await fake.requests[0]?.outcome()).toBe('aborted');
  });

  it('closes the upstream request when the body is cancelled', async () => {
    fake.script({ stream: { chunks: ['a', 'b'], gate: true } });
    fake.releaseNext();

    const started = response(await client.send(deployment(), chatRequest(fake.url, true)));
    const events = readSseEvents(started.body);
    expect((await events.next()).value).toBeDefined();
    await events.return();

    expect(await fake.requests[0]?.outcome()).toBe('aborted');
  });

  it('refuses a tenant-owned deployment on a loopback address, by IP and by name, before connecting', async () => {
    const tenant = deployment({ tenantOwned: true });

    expect(await client.send(tenant, chatRequest())).toEqual({
      kind: 'connection-failed',
      reason: 'blocked-address',
    });
    expect(await client.send(tenant, chatRequest(fake.url.replace('127.0.0.1', 'localhost')))).toEqual({
      kind: 'connection-failed',
      reason: 'blocked-address',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('lets a tenant-owned deployment reach an address the operator allowed', async () => {
    const permissive = createUpstreamClient({ allowedHosts: ['127.0.0.1'] });

    const outcome = await permissive.send(deployment({ tenantOwned: true }), chatRequest());
    await permissive.close();

    expect(outcome).toMatchObject({ kind: 'response', status: 200 });
  });
});

describe(parseRetryAfter.name, () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');

    expect(parseRetryAfter({ 'retry-after-ms': '1500', 'retry-after': '9' }, now)).toBe(1500);
    expect(parseRetryAfter({ 'retry-after': '2' }, now)).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, now)).toBe(30_000);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });
});
