import { randomBytes } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeLlm, type FakeLlm } from '@portcullis/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  startControlPlane,
  startEnrolledDataPlane,
  type ControlPlaneProcess,
  type DataPlaneProcess,
} from './support/config-sync-stack.js';
import { usageEventOf } from './support/usage-events.js';

/**
 * The official Anthropic SDK against a running data plane whose models are deployed on
 * OpenAI-style providers (OpenAI, Azure OpenAI): `/v1/messages` is translated to chat completions
 * and the answers, streamed or not, back to Anthropic's format, metered with the provider's own
 * token counts.
 */

const OPENAI_KEY = `sk-e2e-openai-${randomBytes(8).toString('hex')}`;
const AZURE_KEY = `e2e-azure-${randomBytes(8).toString('hex')}`;

let cp: ControlPlaneProcess;
let node: DataPlaneProcess;
let fake: FakeLlm;
let anthropic: Anthropic;
let tenantId: string;

const unique = (): string => randomBytes(3).toString('hex');

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

beforeAll(async () => {
  fake = await startFakeLlm();
  cp = await startControlPlane(inject('databaseUrl'), inject('redisUrl'), inject('redisPrefix'), {
    PROVIDER_ALLOWED_HTTP_HOSTS: '127.0.0.1',
  });
  tenantId = (
    await cp.admin<{ id: string }>('POST', '/api/v1/tenants', {
      slug: `anthropic-translation-${unique()}`,
      name: 'Anthropic translation',
    })
  ).id;
  const openAiProvider = await cp.admin<{ id: string }>('POST', '/api/v1/providers', {
    name: `fake-openai-${unique()}`,
    type: 'openai',
    baseUrl: `${fake.url}/v1`,
    credentials: { apiKey: OPENAI_KEY },
  });
  const azureProvider = await cp.admin<{ id: string }>('POST', '/api/v1/providers', {
    name: `fake-azure-${unique()}`,
    type: 'azure-openai',
    baseUrl: fake.url,
    options: { apiVersion: '2024-10-21' },
    credentials: { apiKey: AZURE_KEY },
  });
  const app = await cp.admin<{ id: string }>('POST', '/api/v1/apps', { tenantId, name: 'anthropic-sdk' });
  for (const [alias, providerId, upstreamModel] of [
    ['gpt', openAiProvider.id, 'gpt-4o-mini'],
    ['gpt-azure', azureProvider.id, 'prod-gpt4o'],
  ] as const) {
    await cp.admin('POST', '/api/v1/models', {
      tenantId,
      alias,
      capabilities: ['chat', 'tools'],
      deployments: [{ providerId, upstreamModel, weight: 1, priority: 0 }],
    });
    await cp.admin('POST', '/api/v1/grants', {
      tenantId,
      model: alias,
      subject: { kind: 'application', id: app.id },
    });
  }
  const key = (
    await cp.admin<{ key: string }>('POST', '/api/v1/keys', {
      name: 'anthropic-sdk',
      owner: { kind: 'application', id: app.id },
    })
  ).key;
  node = await startEnrolledDataPlane(cp, 'anthropic translation node');
  anthropic = new Anthropic({ apiKey: key, baseURL: node.url, maxRetries: 0 });
});

afterAll(async () => {
  await node.stop();
  await cp.stop();
  await fake.close();
});

describe('the Anthropic SDK through the gateway to OpenAI-style providers', () => {
  it('gets a message from an OpenAI model, metered with its token counts', async () => {
    fake.script({ text: 'Hello from GPT', usage: { inputTokens: 14, outputTokens: 4 } });

    const { data: message, response } = await anthropic.messages
      .create({
        model: 'gpt',
        max_tokens: 64,
        system: 'Be friendly.',
        messages: [{ role: 'user', content: 'Hi' }],
      })
      .withResponse();

    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-mini',
      content: [{ type: 'text', text: 'Hello from GPT' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 14, output_tokens: 4 },
    });
    expect(message.id).toMatch(/^msg_/);
    const upstream = fake.requests.at(-1);
    expect(upstream?.style).toBe('openai');
    expect(upstream?.path).toBe('/v1/chat/completions');
    expect(upstream?.hasCredential(OPENAI_KEY)).toBe(true);
    expect(upstream?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be friendly.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 64,
    });
    expect(await usageEventOf(cp, tenantId, response.headers.get('x-request-id') ?? '')).toMatchObject({
      model: 'gpt',
      stream: false,
      status: 200,
      deployment: { upstreamModel: 'gpt-4o-mini' },
      tokens: { input: 14, output: 4, estimated: false },
    });
  });

  it('streams a message: text events, the final message with usage, metered with the real counts', async () => {
    fake.script({ stream: { chunks: ['Str', 'eam', 'ed'] }, usage: { inputTokens: 8, outputTokens: 3 } });

    const stream = anthropic.messages.stream({
      model: 'gpt',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Stream please' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();

    expect(texts).toEqual(['Str', 'eam', 'ed']);
    expect(final).toMatchObject({
      content: [{ type: 'text', text: 'Streamed' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 8, output_tokens: 3 },
    });
    expect(fake.requests.at(-1)?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    const { response } = await stream.withResponse();
    expect(await usageEventOf(cp, tenantId, response.headers.get('x-request-id') ?? '')).toMatchObject({
      stream: true,
      status: 200,
      tokens: { input: 8, output: 3, estimated: false },
    });
  });

  it('round-trips tool use: parallel tool_use blocks out, tool_result blocks back as tool messages', async () => {
    fake.script({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Oslo' } },
        { name: 'get_weather', arguments: { city: 'Bergen' } },
      ],
    });
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Oslo and Bergen?' };

    const asked = await anthropic.messages.create({
      model: 'gpt',
      max_tokens: 64,
      tools: [weatherTool],
      messages: [question],
    });

    expect(asked.stop_reason).toBe('tool_use');
    const calls = asked.content.filter((block) => block.type === 'tool_use');
    expect(calls.map((call) => [call.name, call.input])).toEqual([
      ['get_weather', { city: 'Oslo' }],
      ['get_weather', { city: 'Bergen' }],
    ]);

    fake.script({ text: 'Snow in Oslo, rain in Bergen.' });
    const answered = await anthropic.messages.create({
      model: 'gpt',
      max_tokens: 64,
      tools: [weatherTool],
      messages: [
        question,
        { role: 'assistant', content: asked.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: calls[0]?.id ?? '', content: 'snow' },
            { type: 'tool_result', tool_use_id: calls[1]?.id ?? '', content: 'rain', is_error: false },
          ],
        },
      ],
    });

    expect(answered.content).toEqual([{ type: 'text', text: 'Snow in Oslo, rain in Bergen.' }]);
    expect(fake.requests.at(-1)?.body).toMatchObject({
      messages: [
        { role: 'user' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: calls[0]?.id, function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            { id: calls[1]?.id, function: { name: 'get_weather', arguments: '{"city":"Bergen"}' } },
          ],
        },
        { role: 'tool', tool_call_id: calls[0]?.id, content: 'snow' },
        { role: 'tool', tool_call_id: calls[1]?.id, content: 'rain' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    });
  });

  it('streams a tool call the SDK assembles into its input', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Reykjavik, Iceland' } }] });

    const stream = anthropic.messages.stream({
      model: 'gpt',
      max_tokens: 64,
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [{ role: 'user', content: 'Weather in Reykjavik?' }],
    });
    const partials: string[] = [];
    stream.on('inputJson', (partial) => partials.push(partial));
    const final = await stream.finalMessage();

    expect(partials.length).toBeGreaterThan(1);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content).toEqual([
      {
        type: 'tool_use',
        id: expect.any(String) as unknown,
        name: 'get_weather',
        input: { city: 'Reykjavik, Iceland' },
      },
    ]);
    expect(fake.requests.at(-1)?.body).toMatchObject({
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
  });

  it('reaches an Azure OpenAI deployment the same way', async () => {
    fake.script({ stream: { chunks: ['via', ' Azure'] }, usage: { inputTokens: 6, outputTokens: 2 } });

    const final = await anthropic.messages
      .stream({ model: 'gpt-azure', max_tokens: 32, messages: [{ role: 'user', content: 'Hi' }] })
      .finalMessage();

    expect(final).toMatchObject({
      content: [{ type: 'text', text: 'via Azure' }],
      usage: { input_tokens: 6, output_tokens: 2 },
    });
    const upstream = fake.requests.at(-1);
    expect(upstream?.style).toBe('azure-openai');
    expect(upstream?.path).toBe('/openai/deployments/prod-gpt4o/chat/completions');
    expect(upstream?.hasCredential(AZURE_KEY)).toBe(true);
  });

  it('surfaces the provider’s 429 as a rate_limit_error', async () => {
    fake.script({ error: { status: 429 } });

    const error = await anthropic.messages
      .create({ model: 'gpt', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error' });
  });

  it('refuses what the provider cannot do with a 400 naming the parameter, before calling it', async () => {
    const before = fake.requests.length;

    const error = await anthropic.messages
      .create({
        model: 'gpt',
        max_tokens: 2048,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [{ role: 'user', content: 'x' }],
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      error: { param: 'thinking', code: 'unsupported_for_model' },
    });
    expect(fake.requests.length).toBe(before);
  });
});
