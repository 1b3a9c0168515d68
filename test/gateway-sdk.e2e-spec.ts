import { randomBytes } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeLlm, type FakeLlm } from '@portcullis/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  startControlPlane,
  startEnrolledDataPlane,
  type ControlPlaneProcess,
  type DataPlaneProcess,
} from './support/config-sync-stack.js';

/**
 * The official OpenAI and Anthropic SDKs against a running data plane that enforces a real
 * control plane's configuration, with the fake provider as upstream.
 */

let cp: ControlPlaneProcess;
let node: DataPlaneProcess;
let fake: FakeLlm;
let key: string;
let openai: OpenAI;
let anthropic: Anthropic;
let tenantId: string;

const unique = (): string => randomBytes(3).toString('hex');

beforeAll(async () => {
  fake = await startFakeLlm();
  cp = await startControlPlane(inject('databaseUrl'), inject('redisUrl'), inject('redisPrefix'), {
    PROVIDER_ALLOWED_HTTP_HOSTS: '127.0.0.1',
  });
  const tenant = await cp.admin<{ id: string }>('POST', '/api/v1/tenants', {
    slug: `sdk-${unique()}`,
    name: 'SDK tests',
  });
  tenantId = tenant.id;
  const openaiProvider = await cp.admin<{ id: string }>('POST', '/api/v1/providers', {
    name: `fake-openai-${unique()}`,
    type: 'openai',
    baseUrl: `${fake.url}/v1`,
    credentials: { apiKey: 'sk-fake-upstream-key-0001' },
  });
  const anthropicProvider = await cp.admin<{ id: string }>('POST', '/api/v1/providers', {
    name: `fake-anthropic-${unique()}`,
    type: 'anthropic',
    baseUrl: fake.url,
    credentials: { apiKey: 'sk-ant-fake-upstream-key' },
  });
  for (const [alias, providerId, upstreamModel, capabilities] of [
    ['chat-model', openaiProvider.id, 'gpt-4o-mini', ['chat', 'tools']],
    ['embed-model', openaiProvider.id, 'text-embedding-3-small', ['embeddings']],
    ['claude', anthropicProvider.id, 'claude-sonnet-4', ['chat', 'tools']],
    ['forbidden-model', openaiProvider.id, 'gpt-4o', ['chat']],
  ] as const) {
    await cp.admin('POST', '/api/v1/models', {
      tenantId,
      alias,
      capabilities,
      deployments: [{ providerId, upstreamModel, weight: 1, priority: 0 }],
    });
  }
  const app = await cp.admin<{ id: string }>('POST', '/api/v1/apps', { tenantId, name: 'sdk-tests' });
  for (const model of ['chat-model', 'embed-model', 'claude']) {
    await cp.admin('POST', '/api/v1/grants', {
      tenantId,
      model,
      subject: { kind: 'application', id: app.id },
    });
  }
  key = (
    await cp.admin<{ key: string }>('POST', '/api/v1/keys', {
      name: 'sdk',
      owner: { kind: 'application', id: app.id },
    })
  ).key;
  node = await startEnrolledDataPlane(cp, 'sdk node');
  openai = new OpenAI({ apiKey: key, baseURL: `${node.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: key, baseURL: node.url, maxRetries: 0 });
});

afterAll(async () => {
  await node.stop();
  await cp.stop();
  await fake.close();
});

describe('the OpenAI SDK through the gateway', () => {
  it('gets a chat completion, with the upstream model and the provider’s key swapped in', async () => {
    fake.script({ text: 'Hello from the fake', usage: { inputTokens: 9, outputTokens: 4 } });
    const completion = await openai.chat.completions.create({
      model: 'chat-model',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello from the fake');
    expect(completion.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 4 });
    const upstream = fake.requests.at(-1);
    expect(upstream?.body).toMatchObject({ model: 'gpt-4o-mini' });
    expect(upstream?.hasCredential('sk-fake-upstream-key-0001')).toBe(true);
    expect(upstream?.hasCredential(key)).toBe(false);
    expect(JSON.stringify(upstream?.headers)).not.toContain(key);
  });

  it('streams a completion chunk by chunk, with usage at the end when asked', async () => {
    fake.script({ stream: { chunks: ['Str', 'eam', 'ed'] }, usage: { inputTokens: 3, outputTokens: 3 } });
    const stream = await openai.chat.completions.create({
      model: 'chat-model',
      messages: [{ role: 'user', content: 'Stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Streamed');
    expect(usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 3 });
  });

  it('passes tools through and returns the model’s tool calls', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
    const completion = await openai.chat.completions.create({
      model: 'chat-model',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function : undefined).toMatchObject({
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });
  });

  it('creates embeddings', async () => {
    const result = await openai.embeddings.create({ model: 'embed-model', input: ['one', 'two'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding.length).toBeGreaterThan(0);
  });

  it('lists only the models this key may use', async () => {
    const models = [];
    for await (const model of openai.models.list()) models.push(model.id);
    expect(models.sort()).toEqual(['chat-model', 'claude', 'embed-model']);
  });

  it('gets OpenAI error objects: 404 unknown model, 403 not granted, 401 bad key', async () => {
    const unknown = await openai.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });

    const forbidden = await openai.chat.completions
      .create({ model: 'forbidden-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(forbidden).toMatchObject({ status: 403, code: 'no_grant' });

    const stranger = new OpenAI({ apiKey: `pk-${'x'.repeat(43)}`, baseURL: `${node.url}/v1`, maxRetries: 0 });
    const refused = await stranger.models.list().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);

    const upstreamDown = await (async () => {
      fake.script({ error: { status: 503, message: 'overloaded' } });
      return openai.chat.completions
        .create({ model: 'chat-model', messages: [{ role: 'user', content: 'x' }] })
        .catch((error: unknown) => error);
    })();
    expect(upstreamDown).toBeInstanceOf(OpenAI.APIError);
    expect(upstreamDown).toMatchObject({ status: 502 });
  });
});

describe('the Anthropic SDK through the gateway', () => {
  it('sends a message', async () => {
    fake.script({ text: 'Bonjour', usage: { inputTokens: 5, outputTokens: 2 } });
    const message = await anthropic.messages.create({
      model: 'claude',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Salut' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Bonjour' });
    expect(fake.requests.at(-1)?.body).toMatchObject({ model: 'claude-sonnet-4' });
    expect(fake.requests.at(-1)?.hasCredential('sk-ant-fake-upstream-key')).toBe(true);
  });

  it('streams a message', async () => {
    fake.script({ stream: { chunks: ['Un', ' deux', ' trois'] } });
    const stream = anthropic.messages.stream({
      model: 'claude',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Count' }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Un deux trois' });
  });

  it('gets tool use back', async () => {
    fake.script({ toolCalls: [{ name: 'lookup', arguments: '{"q":"portcullis"}' }] });
    const message = await anthropic.messages.create({
      model: 'claude',
      max_tokens: 64,
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'Look it up' }],
    });
    expect(message.content.find((block) => block.type === 'tool_use')).toMatchObject({
      name: 'lookup',
      input: { q: 'portcullis' },
    });
  });

  it('reaches an OpenAI-style model through the OpenAI SDK as well (model agility)', async () => {
    fake.script({ text: 'via claude' });
    const completion = await openai.chat.completions.create({
      model: 'claude',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('via claude');
    expect(fake.requests.at(-1)?.style).toBe('anthropic');
  });
});
