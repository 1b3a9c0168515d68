import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { CONFIG_SCHEMA_V1, type UsageEvent } from '@portcullis/contracts';
import { sealValue } from '@portcullis/signing';
import { startFakeLlm, type FakeLlm } from '@portcullis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../http/gateway-error.js';
import { createUpstreamClient, type UpstreamClient } from '../providers/upstream-client.js';
import { ConfigStore } from '../snapshot/config-store.js';
import { filtered } from '../metering/usage-tap.js';
import { Gateway, type GatewayReply, type RequestInfo } from './gateway.js';

/**
 * Metering at the gateway: one usage event per call of a known caller, with the provider's token
 * counts (asked for when streaming, without changing what the client gets), cost from the model's
 * prices, and refusals on the record too.
 */

const TENANT = randomUUID();
const USER = randomUUID();
const KEY_ID = randomUUID();
const OPENAI = randomUUID();
const ANTHROPIC = randomUUID();
const KEY = `pk-${randomBytes(24).toString('base64url')}`;
const hashing = randomBytes(32);
const fleetKey = randomBytes(32);

let fake: FakeLlm;
let upstream: UpstreamClient;
let gateway: Gateway;
const events: UsageEvent[] = [];
let waiters: (() => void)[] = [];

function nextEvent(count: number): Promise<UsageEvent> {
  return new Promise((resolve) => {
    const check = (): void => {
      const found = events[count];
      if (found !== undefined) resolve(found);
      else waiters.push(check);
    };
    check();
  });
}

/** The body as the server would write it: with the reply's filter (metering) applied. */
async function readAll(reply: GatewayReply): Promise<string> {
  if (typeof reply.body === 'string') return reply.body;
  const filter = reply.filter ?? { push: (chunk) => [chunk], flush: () => [], end: () => undefined };
  return new Response(filtered(reply.body, filter)).text();
}

const headers = { authorization: `Bearer ${KEY}` };
const hello = { messages: [{ role: 'user', content: 'Hello there' }] };

beforeAll(async () => {
  fake = await startFakeLlm({ apiKey: 'sk-upstream' });
  upstream = createUpstreamClient();
  const provider = (id: string, type: string, baseUrl: string): unknown => ({
    id,
    tenantId: null,
    type,
    baseUrl,
    options: {},
    timeouts: { connectMs: 2000, firstByteMs: 10000, totalMs: 10000 },
    credentials: sealValue(
      JSON.stringify({ apiKey: 'sk-upstream' }),
      fleetKey,
      'fleet-1',
      `provider-credentials:${id}`,
    ),
  });
  const model = (alias: string, providerId: string, upstreamModel: string, prices: unknown): unknown => ({
    id: randomUUID(),
    tenantId: TENANT,
    alias,
    capabilities: ['chat', 'embeddings'],
    contextWindow: null,
    prices,
    requiredClaims: [],
    deployments: [{ providerId, upstreamModel, weight: 1, priority: 0 }],
  });
  const store = new ConfigStore();
  const applied = store.apply({
    schema: CONFIG_SCHEMA_V1,
    revision: 1,
    issuedAt: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    tenants: [{ id: TENANT, slug: 'acme', name: 'Acme', settings: { zeroDataRetention: true } }],
    users: [{ id: USER, tenantId: TENANT, active: true, groups: [], userName: 'dev@acme.test' }],
    keys: [
      {
        id: KEY_ID,
        tenantId: TENANT,
        hash: createHmac('sha256', hashing).update(KEY).digest('hex'),
        owner: { kind: 'user', id: USER },
      },
    ],
    grants: [
      { id: randomUUID(), tenantId: TENANT, model: 'chat', subject: { kind: 'user', id: USER } },
      { id: randomUUID(), tenantId: TENANT, model: 'claude', subject: { kind: 'user', id: USER } },
      { id: randomUUID(), tenantId: TENANT, model: 'embed', subject: { kind: 'user', id: USER } },
    ],
    models: [
      model('chat', OPENAI, 'gpt-4o', { input: 2.5, output: 10, cachedInput: 1.25, currency: 'USD' }),
      model('claude', ANTHROPIC, 'claude-sonnet-4-5', {
        input: 3,
        output: 15,
        cachedInput: null,
        currency: 'USD',
      }),
      model('embed', OPENAI, 'text-embedding-3-small', {
        input: null,
        output: null,
        cachedInput: null,
        currency: 'USD',
      }),
      model('forbidden', OPENAI, 'gpt-4o', { input: 1, output: 1, cachedInput: null, currency: 'USD' }),
    ],
    providers: [provider(OPENAI, 'openai', `${fake.url}/v1`), provider(ANTHROPIC, 'anthropic', fake.url)],
  });
  expect(applied.status).toBe('applied');
  gateway = new Gateway({
    loaded: () => store.loaded(),
    secrets: () => ({ fleetKeys: new Map([['fleet-1', fleetKey]]), apiKeyHashing: hashing }),
    upstream,
    usage: {
      record(event) {
        events.push(event);
        const woken = waiters;
        waiters = [];
        for (const wake of woken) wake();
      },
    },
  });
});

afterAll(async () => {
  await upstream.close();
  await fake.close();
});

describe('metering', () => {
  it('records a chat call with the provider’s tokens and its cost from the model’s prices', async () => {
    fake.script({ text: 'Hi!', usage: { inputTokens: 1_000, outputTokens: 200 } });
    const at = events.length;
    const info: RequestInfo = { requestId: 'req-1' };
    const reply = await gateway.chatCompletions(
      headers,
      { model: 'chat', ...hello },
      new AbortController().signal,
      info,
    );
    // What the server's log line gets: who called which model, never a credential.
    expect(info.caller).toEqual({
      tenantId: TENANT,
      principal: `user:${USER}`,
      keyId: KEY_ID,
      model: 'chat',
    });
    expect(JSON.parse(await readAll(reply))).toMatchObject({
      choices: [{ message: { content: 'Hi!' } }],
    });
    const event = await nextEvent(at);
    expect(event).toMatchObject({
      requestId: 'req-1',
      tenantId: TENANT,
      principal: { kind: 'user', id: USER },
      keyId: KEY_ID,
      route: 'chat.completions',
      model: 'chat',
      stream: false,
      deployment: { providerId: OPENAI, upstreamModel: 'gpt-4o' },
      status: 200,
      errorCode: null,
      tokens: { input: 1000, output: 200, cachedInput: 0, estimated: false },
      cost: { amount: 0.0045, currency: 'USD' },
      attempts: 1,
      cacheHit: false,
      redactions: {},
    });
    expect(event.latencyMs.total).toBeGreaterThanOrEqual(event.latencyMs.upstream ?? 0);
    // Zero data retention or not, an event never carries text.
    expect(JSON.stringify(event)).not.toContain('Hello there');
  });

  it('asks a stream for its usage, counts it, and hands the client the stream it asked for', async () => {
    fake.script({ stream: { chunks: ['Hel', 'lo'] }, usage: { inputTokens: 12, outputTokens: 2 } });
    const at = events.length;
    const reply = await gateway.chatCompletions(
      headers,
      { model: 'chat', stream: true, ...hello },
      new AbortController().signal,
    );
    const text = await readAll(reply);
    const upstreamBody = fake.requests.at(-1)?.body as { stream_options?: unknown };
    expect(upstreamBody.stream_options).toEqual({ include_usage: true });
    expect(text).toContain('"Hel"');
    expect(text).not.toContain('"prompt_tokens"');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect((await nextEvent(at)).tokens).toEqual({ input: 12, output: 2, cachedInput: 0, estimated: false });

    // A client that asked for usage gets its chunk.
    fake.script({ stream: { chunks: ['x'] }, usage: { inputTokens: 3, outputTokens: 1 } });
    const asked = await gateway.chatCompletions(
      headers,
      { model: 'chat', stream: true, stream_options: { include_usage: true }, ...hello },
      new AbortController().signal,
    );
    expect(await readAll(asked)).toContain('"prompt_tokens":3');
  });

  it('meters Anthropic messages and Anthropic providers behind the OpenAI format', async () => {
    fake.script({ text: 'Bonjour', usage: { inputTokens: 40, outputTokens: 5 } });
    let at = events.length;
    const messages = await gateway.messages(
      headers,
      { model: 'claude', max_tokens: 64, ...hello },
      new AbortController().signal,
    );
    await readAll(messages);
    expect(await nextEvent(at)).toMatchObject({
      route: 'messages',
      tokens: { input: 40, output: 5, cachedInput: 0, estimated: false },
      cost: { amount: 0.000195, currency: 'USD' },
    });

    fake.script({ stream: { chunks: ['a', 'b'] }, usage: { inputTokens: 30, outputTokens: 2 } });
    at = events.length;
    const translated = await gateway.chatCompletions(
      headers,
      { model: 'claude', stream: true, ...hello },
      new AbortController().signal,
    );
    expect(await readAll(translated)).not.toContain('prompt_tokens');
    expect((await nextEvent(at)).tokens).toMatchObject({ input: 30, output: 2 });
  });

  it('estimates with a tokenizer when the provider reports nothing, and says so', async () => {
    fake.script({ text: 'The answer is forty-two.', noUsage: true });
    const at = events.length;
    const reply = await gateway.chatCompletions(
      headers,
      { model: 'chat', ...hello },
      new AbortController().signal,
    );
    await readAll(reply);
    const { tokens } = await nextEvent(at);
    expect(tokens?.estimated).toBe(true);
    expect(tokens?.input).toBeGreaterThan(0);
    expect(tokens?.output).toBeGreaterThan(3);

    // A stream that ignores include_usage: the text that went by is counted.
    fake.script({ stream: { chunks: ['forty', '-two'] }, noUsage: true });
    const streamed = await gateway.chatCompletions(
      headers,
      { model: 'chat', stream: true, ...hello },
      new AbortController().signal,
    );
    await readAll(streamed);
    expect((await nextEvent(at + 1)).tokens).toMatchObject({ estimated: true, output: 3 });
  });

  it('records refusals with the reason, and nothing for a caller it cannot name', async () => {
    const at = events.length;
    await expect(
      gateway.chatCompletions(headers, { model: 'forbidden', ...hello }, new AbortController().signal),
    ).rejects.toBeInstanceOf(GatewayError);
    expect(await nextEvent(at)).toMatchObject({
      model: 'forbidden',
      status: 403,
      errorCode: 'no_grant',
      tokens: null,
      cost: null,
      deployment: null,
      attempts: 0,
      latencyMs: { upstream: null },
    });
    await expect(
      gateway.chatCompletions(
        { authorization: 'Bearer pk-unknown' },
        { model: 'chat', ...hello },
        new AbortController().signal,
      ),
    ).rejects.toMatchObject({ status: 401 });
    expect(events.length).toBe(at + 1);
  });
});
