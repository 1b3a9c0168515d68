import { randomBytes } from 'node:crypto';
import { startFakeLlm, type FakeLlm } from '@portcullis/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  startControlPlane,
  startEnrolledDataPlane,
  type ControlPlaneProcess,
  type DataPlaneProcess,
} from './support/config-sync-stack.js';
import { usageEventOf } from './support/usage-events.js';

/**
 * The official OpenAI SDK against a running data plane whose model is deployed on AWS Bedrock:
 * the gateway translates to Converse, signs with SigV4, reads the binary event stream back, and
 * meters Bedrock's own token counts. The fake checks every signature.
 */

const REGION = 'eu-west-1';
const ACCESS_KEY_ID = 'AKIAE2EBEDROCK000001';
const SECRET = `e2e-bedrock-secret-${randomBytes(12).toString('hex')}`;
const WRONG_SECRET = `e2e-bedrock-wrong-${randomBytes(12).toString('hex')}`;
const UPSTREAM_MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

let cp: ControlPlaneProcess;
let node: DataPlaneProcess;
let fake: FakeLlm;
let openai: OpenAI;
let tenantId: string;

const unique = (): string => randomBytes(3).toString('hex');

const weatherTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

beforeAll(async () => {
  fake = await startFakeLlm({ aws: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, region: REGION } });
  cp = await startControlPlane(inject('databaseUrl'), inject('redisUrl'), inject('redisPrefix'), {
    PROVIDER_ALLOWED_HTTP_HOSTS: '127.0.0.1',
  });
  tenantId = (
    await cp.admin<{ id: string }>('POST', '/api/v1/tenants', {
      slug: `bedrock-${unique()}`,
      name: 'Bedrock',
    })
  ).id;
  const providers: Record<string, string> = {};
  for (const [name, secret] of [
    ['good', SECRET],
    ['bad', WRONG_SECRET],
  ] as const) {
    providers[name] = (
      await cp.admin<{ id: string }>('POST', '/api/v1/providers', {
        name: `fake-bedrock-${name}-${unique()}`,
        type: 'bedrock',
        // The fake stands in for https://bedrock-runtime.eu-west-1.amazonaws.com.
        baseUrl: fake.url,
        options: { region: REGION },
        credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: secret },
      })
    ).id;
  }
  const app = await cp.admin<{ id: string }>('POST', '/api/v1/apps', { tenantId, name: 'bedrock-tests' });
  for (const [alias, providerId] of [
    ['claude-bedrock', providers.good],
    ['claude-bedrock-miskeyed', providers.bad],
  ] as const) {
    await cp.admin('POST', '/api/v1/models', {
      tenantId,
      alias,
      capabilities: ['chat', 'tools'],
      deployments: [{ providerId, upstreamModel: UPSTREAM_MODEL, weight: 1, priority: 0 }],
    });
    await cp.admin('POST', '/api/v1/grants', {
      tenantId,
      model: alias,
      subject: { kind: 'application', id: app.id },
    });
  }
  const key = (
    await cp.admin<{ key: string }>('POST', '/api/v1/keys', {
      name: 'bedrock',
      owner: { kind: 'application', id: app.id },
    })
  ).key;
  node = await startEnrolledDataPlane(cp, 'bedrock node');
  openai = new OpenAI({ apiKey: key, baseURL: `${node.url}/v1`, maxRetries: 0 });
});

afterAll(async () => {
  await node.stop();
  await cp.stop();
  await fake.close();
});

describe('the OpenAI SDK through the gateway to Bedrock (Converse)', () => {
  it('gets a chat completion through a signed Converse call, metered with Bedrock’s token counts', async () => {
    fake.script({ text: 'Hello from Bedrock', usage: { inputTokens: 17, outputTokens: 5 } });

    const { data: completion, response } = await openai.chat.completions
      .create({
        model: 'claude-bedrock',
        messages: [
          { role: 'system', content: 'Be friendly.' },
          { role: 'user', content: 'Hi' },
        ],
        max_completion_tokens: 64,
      })
      .withResponse();

    expect(completion.choices[0]?.message.content).toBe('Hello from Bedrock');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 17, completion_tokens: 5, total_tokens: 22 });
    const upstream = fake.requests.at(-1);
    expect(upstream?.style).toBe('bedrock');
    expect(upstream?.path).toBe('/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    expect(upstream?.hasCredential(ACCESS_KEY_ID)).toBe(true);
    expect(upstream?.body).toEqual({
      system: [{ text: 'Be friendly.' }],
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
      inferenceConfig: { maxTokens: 64 },
    });

    const usage = await usageEventOf(cp, tenantId, response.headers.get('x-request-id') ?? '');
    expect(usage).toMatchObject({
      model: 'claude-bedrock',
      stream: false,
      status: 200,
      deployment: { upstreamModel: UPSTREAM_MODEL },
      tokens: { input: 17, output: 5, estimated: false },
    });
  });

  it('streams a completion from the binary event stream, with usage at the end when asked and metered', async () => {
    fake.script({ stream: { chunks: ['Str', 'eam', 'ed'] }, usage: { inputTokens: 8, outputTokens: 3 } });

    const { data: stream, response } = await openai.chat.completions
      .create({
        model: 'claude-bedrock',
        messages: [{ role: 'user', content: 'Stream please' }],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    const deltas: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) deltas.push(content);
      finish ??= chunk.choices[0]?.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }

    expect(deltas).toEqual(['Str', 'eam', 'ed']);
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 3, total_tokens: 11 });
    expect(fake.requests.at(-1)?.path).toMatch(/\/converse-stream$/);
    expect(await usageEventOf(cp, tenantId, response.headers.get('x-request-id') ?? '')).toMatchObject({
      stream: true,
      tokens: { input: 8, output: 3, estimated: false },
    });
  });

  it('meters a stream whose client did not ask for usage, without sending it the usage chunk', async () => {
    fake.script({ text: 'quiet', usage: { inputTokens: 6, outputTokens: 2 } });

    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'claude-bedrock', messages: [{ role: 'user', content: 'x' }], stream: true })
      .withResponse();
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.some((chunk) => chunk.choices.length === 0)).toBe(false);
    expect(await usageEventOf(cp, tenantId, response.headers.get('x-request-id') ?? '')).toMatchObject({
      tokens: { input: 6, output: 2, estimated: false },
    });
  });

  it('returns the model’s tool calls and sends the tool results back as toolResult blocks', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const first = await openai.chat.completions.create({
      model: 'claude-bedrock',
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [weatherTool],
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? call.function : undefined).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
    });

    fake.script({ text: 'It is sunny in Oslo.' });
    const second = await openai.chat.completions.create({
      model: 'claude-bedrock',
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: call === undefined ? [] : [call] },
        { role: 'tool', tool_call_id: call?.id ?? '', content: '{"sky":"sunny"}' },
      ],
      tools: [weatherTool],
    });

    expect(second.choices[0]?.message.content).toBe('It is sunny in Oslo.');
    expect(fake.requests.at(-1)?.body).toMatchObject({
      messages: [
        { role: 'user' },
        { role: 'assistant', content: [{ toolUse: { toolUseId: call?.id, name: 'get_weather' } }] },
        {
          role: 'user',
          content: [{ toolResult: { toolUseId: call?.id, content: [{ json: { sky: 'sunny' } }] } }],
        },
      ],
      toolConfig: { tools: [{ toolSpec: { name: 'get_weather' } }] },
    });
  });

  it('streams tool calls as OpenAI tool call deltas', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: '{"city":"Reykjavik, Iceland"}' }] });

    const stream = await openai.chat.completions.create({
      model: 'claude-bedrock',
      messages: [{ role: 'user', content: 'Weather in Reykjavik?' }],
      tools: [weatherTool],
      stream: true,
    });
    let name = '';
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        expect(delta.index).toBe(0);
        name += delta.function?.name ?? '';
        args += delta.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }

    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toEqual({ city: 'Reykjavik, Iceland' });
    expect(finish).toBe('tool_calls');
  });

  it('maps Bedrock’s 429 ThrottlingException to an OpenAI rate-limit error', async () => {
    fake.script({ error: { status: 429 } });

    const error = await openai.chat.completions
      .create({ model: 'claude-bedrock', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'upstream_rate_limited' });
  });

  it('refuses what Converse cannot take with a 400 naming the parameter, before calling Bedrock', async () => {
    const before = fake.requests.length;
    const error = await openai.chat.completions
      .create({ model: 'claude-bedrock', messages: [{ role: 'user', content: 'x' }], logprobs: true })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_for_model', param: 'logprobs' });
    expect(fake.requests.length).toBe(before);
  });

  it('passes a refused signature on as 403 without the secret, and no log line holds an AWS secret', async () => {
    const error = await openai.chat.completions
      .create({ model: 'claude-bedrock-miskeyed', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error).toMatchObject({ status: 403 });
    expect((error as Error).message).toContain('The request signature we calculated does not match');
    expect(JSON.stringify((error as InstanceType<typeof OpenAI.APIError>).error)).not.toContain(WRONG_SECRET);

    // Everything both processes logged during this file's calls (the control plane stored the
    // secrets, the node opened and used them).
    const logged = JSON.stringify([...node.lines, ...cp.lines]);
    expect(node.lines.some((line) => line.msg === 'request finished')).toBe(true);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(WRONG_SECRET);
    expect(JSON.stringify(fake.requests.map((request) => request.headers))).not.toContain(SECRET);
  });
});
