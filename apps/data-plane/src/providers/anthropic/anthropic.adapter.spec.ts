import { readSseEvents, startFakeLlm, type FakeLlm } from '@portcullis/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forwardChatCompletion, forwardEmbeddings, forwardMessages } from '../forward.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../openai-wire.js';
import type { ResolvedDeployment, UpstreamOutcome } from '../provider-types.js';
import { createUpstreamClient, type UpstreamClient } from '../upstream-client.js';

const KEY = 'sk-ant-adapter-test';

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
    type: 'anthropic',
    baseUrl: fake.url,
    options: {},
    credentials: { apiKey: KEY },
    upstreamModel: 'claude-sonnet-4-5',
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

describe('anthropicAdapter: native Messages passthrough', () => {
  const message = { model: 'claude', max_tokens: 50, messages: [{ role: 'user' as const, content: 'Hi' }] };

  it('sends to {baseUrl}/v1/messages with x-api-key, the default anthropic-version and the upstream model', async () => {
    fake.script({ text: 'Hello' });

    const body = await json(await forwardMessages(client, deployment(), message));

    expect(body).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'Hello' }] });
    const [sent] = fake.requests;
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.hasCredential(KEY)).toBe(true);
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.body).toEqual({ ...message, model: 'claude-sonnet-4-5' });
  });

  it("forwards the client's anthropic-version and anthropic-beta", async () => {
    await response(
      await forwardMessages(client, deployment(), message, {
        anthropicVersion: '2024-01-01',
        anthropicBeta: 'prompt-caching-2024-07-31',
      }),
    ).body.cancel();

    expect(fake.requests[0]?.headers).toMatchObject({
      'anthropic-version': '2024-01-01',
      'anthropic-beta': 'prompt-caching-2024-07-31',
    });
  });

  it('passes the event stream through incrementally', async () => {
    fake.script({ stream: { chunks: ['a', 'b'], gate: true } });
    fake.releaseNext();

    const outcome = response(await forwardMessages(client, deployment(), { ...message, stream: true }));
    const events = readSseEvents(outcome.body);
    const seen: string[] = [];
    while (!seen.includes('content_block_delta')) {
      const next = await events.next();
      if (next.done === true) throw new Error('the stream ended');
      seen.push(next.value.event ?? '');
    }

    expect(seen).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta']);
    expect(fake.heldChunks()).toBe(1);
    fake.releaseNext();
    const rest: string[] = [];
    for await (const event of events) rest.push(event.event ?? '');
    expect(rest.at(-1)).toBe('message_stop');
  });

  it('has no embeddings', async () => {
    expect(await forwardEmbeddings(client, deployment(), { model: 'x', input: 'a' })).toMatchObject({
      kind: 'unsupported',
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('anthropicAdapter: OpenAI chat translated', () => {
  it('translates the request (system, max_tokens default, stop) and the answer (shape, usage)', async () => {
    fake.script({ text: 'Bonjour', usage: { inputTokens: 12, outputTokens: 3 } });

    const body = await json<ChatCompletion>(
      await forwardChatCompletion(client, deployment(), {
        model: 'claude',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello in French' },
        ],
        temperature: 0.2,
        stop: 'END',
      }),
    );

    expect(fake.requests[0]?.body).toEqual({
      model: 'claude-sonnet-4-5',
      system: 'Be brief.',
      max_tokens: 4096,
      temperature: 0.2,
      stop_sequences: ['END'],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello in French' }] }],
    });
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'claude-sonnet-4-5',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Bonjour' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    });
  });

  it('translates tools and a tool round trip that Anthropic accepts', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }, { text: 'Sunny.' });
    const first: ChatCompletionRequest = {
      model: 'claude',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools,
      tool_choice: 'required',
    };

    const call = await json<ChatCompletion>(await forwardChatCompletion(client, deployment(), first));

    expect(fake.requests[0]?.body).toMatchObject({
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
      tool_choice: { type: 'any' },
    });
    const choice = call.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const toolCall = choice?.message.tool_calls?.[0];
    expect(toolCall).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse(toolCall?.function.arguments ?? '')).toEqual({ city: 'Paris' });

    const followUp = await forwardChatCompletion(client, deployment(), {
      ...first,
      tool_choice: 'auto',
      messages: [
        ...first.messages,
        { role: 'assistant', content: null, tool_calls: toolCall === undefined ? [] : [toolCall] },
        { role: 'tool', tool_call_id: toolCall?.id ?? '', content: '{"sky":"clear"}' },
      ],
    });

    expect(await json(followUp)).toMatchObject({ choices: [{ message: { content: 'Sunny.' } }] });
    expect(fake.requests[1]?.body).toMatchObject({
      messages: [
        { role: 'user' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: toolCall?.id, name: 'get_weather', input: { city: 'Paris' } }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: toolCall?.id, content: '{"sky":"clear"}' }],
        },
      ],
    });
  });

  it('streams translated chunks incrementally, then the finish reason, usage and [DONE]', async () => {
    fake.script({
      stream: { chunks: ['Hel', 'lo'], gate: true },
      usage: { inputTokens: 7, outputTokens: 2 },
    });
    fake.releaseNext();

    const outcome = response(
      await forwardChatCompletion(client, deployment(), {
        model: 'claude',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(outcome.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(outcome.headers['content-length']).toBeUndefined();
    const events = readSseEvents(outcome.body);
    const chunks: ChatCompletionChunk[] = [];
    while (!chunks.some((chunk) => chunk.choices[0]?.delta.content === 'Hel')) {
      const next = await events.next();
      if (next.done === true) throw new Error('the stream ended');
      chunks.push(JSON.parse(next.value.data) as ChatCompletionChunk);
    }

    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(fake.heldChunks()).toBe(1);
    fake.releaseNext();
    const rest: string[] = [];
    for await (const event of events) rest.push(event.data);
    expect(rest.at(-1)).toBe('[DONE]');
    const tail = rest.slice(0, -1).map((data) => JSON.parse(data) as ChatCompletionChunk);
    expect(tail.map((chunk) => chunk.choices[0]?.delta.content ?? null)).toEqual(['lo', null, null]);
    expect(tail[1]?.choices[0]?.finish_reason).toBe('stop');
    expect(tail[2]).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
    });
  });

  it('streams tool calls as incremental function.arguments', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } }] });

    const outcome = response(
      await forwardChatCompletion(client, deployment(), {
        model: 'claude',
        messages: [{ role: 'user', content: 'Weather?' }],
        tools,
        stream: true,
      }),
    );
    const chunks: ChatCompletionChunk[] = [];
    for await (const event of readSseEvents(outcome.body)) {
      if (event.data !== '[DONE]') chunks.push(JSON.parse(event.data) as ChatCompletionChunk);
    }

    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(calls.length).toBeGreaterThan(2);
    expect(JSON.parse(calls.map((call) => call.function.arguments).join(''))).toEqual({
      city: 'Paris',
      unit: 'celsius',
    });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
  });

  it('refuses what Anthropic cannot do without calling it', async () => {
    const outcome = await forwardChatCompletion(client, deployment(), {
      model: 'claude',
      messages: [{ role: 'user', content: 'Hi' }],
      n: 2,
    });

    expect(outcome).toMatchObject({ kind: 'unsupported', param: 'n' });
    expect(fake.requests).toHaveLength(0);
  });

  it("reports Anthropic's errors with status and retry-after", async () => {
    fake.script({ error: { status: 429, retryAfter: 3 } }, { error: { status: 529 } });

    expect(
      await forwardChatCompletion(client, deployment(), {
        model: 'c',
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).toMatchObject({
      kind: 'upstream-error',
      status: 429,
      retryAfterMs: 3000,
    });
    const overloaded = await forwardChatCompletion(client, deployment(), {
      model: 'c',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(overloaded).toMatchObject({ kind: 'upstream-error', status: 529 });
    expect(overloaded.kind === 'upstream-error' && JSON.parse(overloaded.body)).toMatchObject({
      error: { type: 'overloaded_error' },
    });
  });

  it('lets an echo show exactly what reached the provider', async () => {
    fake.script({ echo: true });

    const body = await json<ChatCompletion>(
      await forwardChatCompletion(client, deployment(), {
        model: 'claude',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Contact <EMAIL_1>' }] }],
      }),
    );

    expect(body.choices[0]?.message.content).toBe('Contact <EMAIL_1>');
  });
});
