import { readSseEvents, startFakeLlm, type FakeLlm } from '@portcullis/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forwardChatCompletion, forwardEmbeddings, forwardMessages } from '../forward.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../openai-wire.js';
import type { ResolvedDeployment, UpstreamOutcome, UpstreamRequest } from '../provider-types.js';
import { createUpstreamClient, type UpstreamClient } from '../upstream-client.js';
import { bedrockAdapter } from './bedrock.adapter.js';

const ACCESS_KEY_ID = 'AKIAFAKEBEDROCK00001';
const SECRET = 'bedrock-adapter-secret-key/do-not-leak+0001';
const REGION = 'eu-west-1';
const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

let fake: FakeLlm;
let client: UpstreamClient;

beforeAll(async () => {
  fake = await startFakeLlm({
    aws: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, region: REGION },
  });
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
    type: 'bedrock',
    baseUrl: fake.url,
    options: { region: REGION },
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
    upstreamModel: MODEL,
    timeouts: { connectMs: 5_000, firstByteMs: 10_000, totalMs: 30_000 },
    tenantOwned: false,
    ...overrides,
  };
}

function response(outcome: UpstreamOutcome): Extract<UpstreamOutcome, { kind: 'response' }> {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return outcome;
}

async function json<T>(outcome: UpstreamOutcome): Promise<T> {
  return JSON.parse(await new Response(response(outcome).body).text()) as T;
}

async function chunks(outcome: UpstreamOutcome): Promise<(ChatCompletionChunk | '[DONE]')[]> {
  const events: (ChatCompletionChunk | '[DONE]')[] = [];
  for await (const { data } of readSseEvents(response(outcome).body)) {
    events.push(data === '[DONE]' ? data : (JSON.parse(data) as ChatCompletionChunk));
  }
  return events;
}

const hi: ChatCompletionRequest = { model: MODEL, messages: [{ role: 'user', content: 'Hi' }] };

const tools: ChatCompletionRequest['tools'] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  },
];

describe('bedrockAdapter: Converse, signed', () => {
  it('signs with SigV4 for the region, the fake accepts the signature, and the answer is translated', async () => {
    fake.script({ text: 'Bonjour', usage: { inputTokens: 12, outputTokens: 3 } });

    const body = await json<ChatCompletion>(
      await forwardChatCompletion(client, deployment(), {
        model: MODEL,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello in French' },
        ],
        max_tokens: 40,
        temperature: 0.2,
        stop: 'END',
      }),
    );

    const [sent] = fake.requests;
    expect(sent?.style).toBe('bedrock');
    expect(sent?.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
    expect(sent?.hasCredential(ACCESS_KEY_ID)).toBe(true);
    expect(sent?.headers.authorization).toBe('[masked]');
    expect(sent?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(JSON.stringify(sent?.headers)).not.toContain(SECRET);
    expect(sent?.body).toEqual({
      system: [{ text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ text: 'Say hello in French' }] }],
      inferenceConfig: { maxTokens: 40, temperature: 0.2, stopSequences: ['END'] },
    });
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Bonjour' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    });
    expect(body.id).toMatch(/^chatcmpl-/);
  });

  it('is refused by the fake with a wrong secret: 403 InvalidSignatureException, the secret in no body', async () => {
    const outcome = await forwardChatCompletion(
      client,
      deployment({ credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: `${SECRET}-wrong` } }),
      hi,
    );

    expect(outcome).toMatchObject({ kind: 'upstream-error', status: 403 });
    if (outcome.kind !== 'upstream-error') return;
    expect(outcome.headers['x-amzn-errortype']).toMatch(/^InvalidSignatureException/);
    expect(JSON.parse(outcome.body)).toEqual({
      message: expect.stringMatching(/^The request signature we calculated does not match/) as unknown,
    });
    expect(outcome.body).not.toContain(SECRET);
  });

  it('is refused when signed for another region or with an unknown access key', async () => {
    const otherRegion = await forwardChatCompletion(
      client,
      deployment({ options: { region: 'us-east-1' } }),
      hi,
    );
    const otherKey = await forwardChatCompletion(
      client,
      deployment({ credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: SECRET } }),
      hi,
    );

    expect(otherRegion).toMatchObject({ kind: 'upstream-error', status: 403 });
    expect(otherKey).toMatchObject({ kind: 'upstream-error', status: 403 });
    if (otherKey.kind === 'upstream-error') {
      expect(otherKey.headers['x-amzn-errortype']).toMatch(/^UnrecognizedClientException/);
    }
  });

  it('passes Bedrock errors on as upstream errors (429 ThrottlingException, 400 ValidationException)', async () => {
    fake.script({ error: { status: 429 } }, { error: { status: 400, message: 'bad input' } });

    const throttled = await forwardChatCompletion(client, deployment(), hi);
    const invalid = await forwardChatCompletion(client, deployment(), hi);

    expect(throttled).toMatchObject({ kind: 'upstream-error', status: 429 });
    if (throttled.kind === 'upstream-error') {
      expect(throttled.headers['x-amzn-errortype']).toMatch(/^ThrottlingException/);
    }
    expect(invalid).toMatchObject({ kind: 'upstream-error', status: 400, body: '{"message":"bad input"}' });
  });

  it('runs a tool round trip the fake accepts (toolUse, merged toolResults, toolConfig kept)', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const first = await json<ChatCompletion>(
      await forwardChatCompletion(client, deployment(), { ...hi, tools, tool_choice: 'required' }),
    );
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call).toMatchObject({
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
    });
    expect(fake.requests[0]?.body).toMatchObject({ toolConfig: { toolChoice: { any: {} } } });

    fake.script({ text: 'Sunny' });
    const second = await json<ChatCompletion>(
      await forwardChatCompletion(client, deployment(), {
        ...hi,
        tools,
        messages: [
          ...hi.messages,
          { role: 'assistant', content: null, tool_calls: call === undefined ? [] : [call] },
          { role: 'tool', tool_call_id: call?.id ?? '', content: '{"sky":"clear"}' },
        ],
      }),
    );

    expect(second.choices[0]?.message.content).toBe('Sunny');
    expect(fake.requests[1]?.body).toMatchObject({
      messages: [
        { role: 'user' },
        { role: 'assistant', content: [{ toolUse: { toolUseId: call?.id, input: { city: 'Oslo' } } }] },
        {
          role: 'user',
          content: [{ toolResult: { toolUseId: call?.id, content: [{ json: { sky: 'clear' } }] } }],
        },
      ],
    });
  });

  it('refuses what Converse cannot do before sending anything', async () => {
    const outcome = await forwardChatCompletion(client, deployment(), {
      model: MODEL,
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] },
      ],
    });

    expect(outcome).toMatchObject({ kind: 'unsupported', param: 'messages[0].content[0]' });
    expect(fake.requests).toHaveLength(0);
  });

  it('has no embeddings and no Anthropic messages endpoint', async () => {
    expect(await forwardEmbeddings(client, deployment(), { model: 'x', input: 'a' })).toMatchObject({
      kind: 'unsupported',
    });
    expect(
      await forwardMessages(client, deployment(), { model: 'x', max_tokens: 5, messages: [] }),
    ).toMatchObject({ kind: 'unsupported' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('bedrockAdapter: ConverseStream', () => {
  it('turns the binary event stream into OpenAI SSE incrementally', async () => {
    fake.script({ stream: { chunks: ['Hel', 'lo'], gate: true } });
    fake.releaseNext();

    const outcome = response(await forwardChatCompletion(client, deployment(), { ...hi, stream: true }));
    expect(outcome.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(fake.requests[0]?.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream');
    const events = readSseEvents(outcome.body);
    const seen: ChatCompletionChunk[] = [];
    while (seen.at(-1)?.choices[0]?.delta.content !== 'Hel') {
      const next = await events.next();
      if (next.done === true) throw new Error('the stream ended');
      seen.push(JSON.parse(next.value.data) as ChatCompletionChunk);
    }

    expect(seen.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hel' },
    ]);
    // 'lo' has not been sent yet: the first delta came through on its own.
    expect(fake.heldChunks()).toBe(1);
    fake.releaseNext();
    const rest: string[] = [];
    for await (const event of events) rest.push(event.data);
    expect(JSON.parse(rest[0] ?? '')).toMatchObject({ choices: [{ delta: { content: 'lo' } }] });
    expect(JSON.parse(rest[1] ?? '')).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }] });
    expect(rest.at(-1)).toBe('[DONE]');
  });

  it('streams tool calls with argument fragments, the finish reason and usage when asked', async () => {
    fake.script({
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Reykjavik, Iceland"}' }],
      usage: { inputTokens: 21, outputTokens: 9 },
    });

    const events = await chunks(
      await forwardChatCompletion(client, deployment(), {
        ...hi,
        tools,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );

    const calls = events.flatMap((event) =>
      event === '[DONE]' ? [] : (event.choices[0]?.delta.tool_calls ?? []),
    );
    expect(calls[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.map((call) => call.function.arguments).join('')).toBe('{"city":"Reykjavik, Iceland"}');
    const finish = events.find((event) => event !== '[DONE]' && event.choices[0]?.finish_reason !== null);
    expect(finish).toMatchObject({ choices: [{ finish_reason: 'tool_calls' }] });
    expect(events.at(-2)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 },
    });
    expect(events.at(-1)).toBe('[DONE]');
  });
});

describe('bedrockAdapter.chat.build', () => {
  const build = async (overrides: Partial<ResolvedDeployment>): Promise<UpstreamRequest> => {
    const built = await bedrockAdapter.chat.build(deployment(overrides), hi, undefined);
    if ('kind' in built) throw new Error(built.message);
    return built;
  };

  it('takes the region from a bedrock-runtime base URL when the provider sets none', async () => {
    const built = await build({
      baseUrl: 'https://bedrock-runtime.ap-southeast-2.amazonaws.com',
      options: {},
    });

    expect(built.url.href).toBe(
      'https://bedrock-runtime.ap-southeast-2.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse',
    );
    expect(built.headers.authorization).toContain('/ap-southeast-2/bedrock/aws4_request');
    expect(built.headers.host).toBe('bedrock-runtime.ap-southeast-2.amazonaws.com');
  });

  it('refuses a deployment with no region at all', async () => {
    expect(
      await bedrockAdapter.chat.build(
        deployment({ baseUrl: 'https://bedrock.internal', options: {} }),
        hi,
        undefined,
      ),
    ).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('region') as unknown });
  });

  it('encodes a model ARN as one path segment', async () => {
    const built = await build({
      upstreamModel: 'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude(x)',
    });

    expect(built.url.pathname).toBe(
      '/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Ainference-profile%2Feu.anthropic.claude%28x%29/converse',
    );
  });
});
