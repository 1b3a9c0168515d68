import { readSseEvents, startFakeLlm, type FakeLlm, type SseEvent } from '@portcullis/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from '../anthropic-wire.js';
import { forwardMessages } from '../forward.js';
import type { ResolvedDeployment, UpstreamOutcome } from '../provider-types.js';
import { createUpstreamClient, type UpstreamClient } from '../upstream-client.js';
import { UpstreamStreamError } from '../upstream-stream-error.js';
import type { AnthropicMessageOut } from './to-anthropic-message.js';

const KEY = 'sk-messages-over-chat-test';

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

const timeouts = { connectMs: 5_000, firstByteMs: 10_000, totalMs: 30_000 };

function openAi(overrides: Partial<ResolvedDeployment> = {}): ResolvedDeployment {
  return {
    type: 'openai',
    baseUrl: `${fake.url}/v1`,
    options: {},
    credentials: { apiKey: KEY },
    upstreamModel: 'gpt-4o-mini',
    timeouts,
    tenantOwned: false,
    ...overrides,
  };
}

function azure(): ResolvedDeployment {
  return {
    type: 'azure-openai',
    baseUrl: fake.url,
    options: { apiVersion: '2024-10-21' },
    credentials: { apiKey: KEY },
    upstreamModel: 'prod-gpt4o',
    timeouts,
    tenantOwned: false,
  };
}

function response(outcome: UpstreamOutcome): Extract<UpstreamOutcome, { kind: 'response' }> {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return outcome;
}

async function message(outcome: UpstreamOutcome): Promise<AnthropicMessageOut> {
  return JSON.parse(await new Response(response(outcome).body).text()) as AnthropicMessageOut;
}

async function allEvents(outcome: UpstreamOutcome): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSseEvents(response(outcome).body)) events.push(event);
  return events;
}

const data = (event: SseEvent | undefined): Record<string, unknown> =>
  JSON.parse(event?.data ?? '{}') as Record<string, unknown>;

const weather = {
  name: 'get_weather',
  description: 'Current weather',
  input_schema: { type: 'object', properties: { city: { type: 'string' } } },
};

const hello: AnthropicMessagesRequest = {
  model: 'gpt',
  max_tokens: 50,
  system: 'Be brief.',
  messages: [{ role: 'user', content: 'Hi' }],
};

describe('messages over OpenAI chat completions', () => {
  it('sends an OpenAI chat request with a Bearer key and answers an Anthropic message with the real usage', async () => {
    fake.script({ text: 'Hello there', usage: { inputTokens: 12, outputTokens: 3 } });

    const outcome = await forwardMessages(client, openAi(), hello, { anthropicVersion: '2023-06-01' });

    expect(response(outcome).headers['content-type']).toBe('application/json');
    expect(await message(outcome)).toMatchObject({
      id: expect.stringMatching(/^msg_/) as unknown,
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-mini',
      content: [{ type: 'text', text: 'Hello there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 3 },
    });
    const [sent] = fake.requests;
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.hasCredential(KEY)).toBe(true);
    expect(sent?.headers['anthropic-version']).toBeUndefined();
    expect(sent?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 50,
    });
  });

  it('streams Anthropic events as the upstream chunks arrive', async () => {
    fake.script({
      stream: { chunks: ['Hel', 'lo'], gate: true },
      usage: { inputTokens: 7, outputTokens: 2 },
    });
    fake.releaseNext();

    const outcome = response(await forwardMessages(client, openAi(), { ...hello, stream: true }));
    expect(outcome.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const events = readSseEvents(outcome.body);
    const seen: SseEvent[] = [];
    while (!seen.some((event) => event.event === 'content_block_delta')) {
      const next = await events.next();
      if (next.done === true) throw new Error('the stream ended');
      seen.push(next.value);
    }
    expect(seen.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
    ]);
    expect(data(seen[2])).toMatchObject({ delta: { type: 'text_delta', text: 'Hel' } });
    // The second delta is still held upstream: the first was not buffered behind it.
    expect(fake.heldChunks()).toBe(1);
    fake.releaseNext();
    const rest: SseEvent[] = [];
    for await (const event of events) rest.push(event);
    expect(rest.map((event) => event.event)).toEqual([
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(data(rest[2])).toMatchObject({
      delta: { stop_reason: 'end_turn' },
      usage: { input_tokens: 7, output_tokens: 2 },
    });
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('answers parallel tool calls as tool_use blocks and sends their results back as tool messages', async () => {
    fake.script(
      {
        text: 'Checking.',
        toolCalls: [
          { name: 'get_weather', arguments: { city: 'Paris' } },
          { name: 'get_weather', arguments: { city: 'Rome' } },
        ],
      },
      { text: 'Sunny in Paris, rain in Rome.' },
    );
    const first: AnthropicMessagesRequest = {
      ...hello,
      messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
      tools: [weather],
      tool_choice: { type: 'any', disable_parallel_tool_use: false },
    };

    const asked = await message(await forwardMessages(client, openAi(), first));

    expect(fake.requests[0]?.body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: weather.input_schema } }],
      tool_choice: 'required',
    });
    expect(asked.stop_reason).toBe('tool_use');
    expect(asked.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: expect.any(String) as unknown, name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: expect.any(String) as unknown, name: 'get_weather', input: { city: 'Rome' } },
    ]);
    const ids = asked.content.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []));

    // The fake refuses tool messages that do not directly answer the calls, as OpenAI does.
    const answered = await message(
      await forwardMessages(client, openAi(), {
        ...first,
        tool_choice: { type: 'auto' },
        messages: [
          ...first.messages,
          { role: 'assistant', content: asked.content },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: ids[0] ?? '', content: 'sunny' },
              { type: 'tool_result', tool_use_id: ids[1] ?? '', content: [{ type: 'text', text: 'rain' }] },
              { type: 'text', text: 'Summarise.' },
            ],
          },
        ],
      }),
    );

    expect(answered.content).toEqual([{ type: 'text', text: 'Sunny in Paris, rain in Rome.' }]);
    expect(fake.requests[1]?.body).toMatchObject({
      messages: [
        { role: 'system' },
        { role: 'user' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: ids[0] }, { id: ids[1] }] },
        { role: 'tool', tool_call_id: ids[0], content: 'sunny' },
        { role: 'tool', tool_call_id: ids[1], content: 'rain' },
        { role: 'user', content: 'Summarise.' },
      ],
    });
  });

  it('streams each tool call as its own tool_use block with input_json_delta fragments', async () => {
    fake.script({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Reykjavik, Iceland' } },
        { name: 'get_weather', arguments: { city: 'Ushuaia, Argentina' } },
      ],
    });

    const events = await allEvents(
      await forwardMessages(client, openAi(), { ...hello, tools: [weather], stream: true }),
    );

    const starts = events.filter((event) => event.event === 'content_block_start').map(data);
    expect(starts.map((start) => [start.index, (start.content_block as { type: string }).type])).toEqual([
      [0, 'tool_use'],
      [1, 'tool_use'],
    ]);
    const input = (index: number): unknown => {
      const fragments = events
        .filter((event) => event.event === 'content_block_delta')
        .map(data)
        .filter((delta) => delta.index === index)
        .map((delta) => (delta.delta as { partial_json: string }).partial_json);
      expect(fragments.length).toBeGreaterThan(1);
      return JSON.parse(fragments.join(''));
    };
    expect(input(0)).toEqual({ city: 'Reykjavik, Iceland' });
    expect(input(1)).toEqual({ city: 'Ushuaia, Argentina' });
    expect(data(events.at(-2))).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('speaks to an Azure deployment (path, api-version, api-key) and skips its filter chunk', async () => {
    fake.script({ stream: { chunks: ['A', 'zure'] }, usage: { inputTokens: 5, outputTokens: 2 } });

    const events = await allEvents(
      await forwardMessages(client, azure(), { ...hello, max_tokens: 20, stream: true }),
    );

    const [sent] = fake.requests;
    expect(sent).toMatchObject({
      style: 'azure-openai',
      path: '/openai/deployments/prod-gpt4o/chat/completions',
      query: { 'api-version': '2024-10-21' },
    });
    expect(sent?.hasCredential(KEY)).toBe(true);
    expect(sent?.body).toMatchObject({ max_tokens: 20 });
    expect(events[0]?.event).toBe('message_start');
    const text = events
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => (data(event).delta as { text: string }).text)
      .join('');
    expect(text).toBe('Azure');
    expect(data(events.at(-2))).toMatchObject({ usage: { input_tokens: 5, output_tokens: 2 } });
  });

  it('maps a truncated answer to max_tokens', async () => {
    fake.script({ text: 'Once upon', truncated: true });
    expect(await message(await forwardMessages(client, openAi(), hello))).toMatchObject({
      stop_reason: 'max_tokens',
    });
  });

  it('refuses what OpenAI cannot do without calling it', async () => {
    expect(await forwardMessages(client, openAi(), { ...hello, top_k: 10 })).toMatchObject({
      kind: 'unsupported',
      param: 'top_k',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it("reports the provider's 429 with its retry-after", async () => {
    fake.script({ error: { status: 429, retryAfter: 2 } });
    expect(await forwardMessages(client, openAi(), hello)).toMatchObject({
      kind: 'upstream-error',
      status: 429,
      retryAfterMs: 2000,
    });
  });

  it('fails the translated stream when the upstream connection breaks mid-way', async () => {
    fake.script({ stream: { chunks: ['a', 'b', 'c'], gate: true, resetAfter: 2 } });
    fake.releaseNext();
    const events = readSseEvents(
      response(await forwardMessages(client, openAi(), { ...hello, stream: true })).body,
    );
    const seen: string[] = [];
    while (!seen.includes('content_block_delta')) {
      const next = await events.next();
      if (next.done === true) throw new Error('the stream ended');
      seen.push(next.value.event ?? '');
    }

    // The next delta goes out, then the connection is reset.
    fake.releaseNext();
    const failure = await (async () => {
      for await (const event of events) seen.push(event.event ?? '');
    })().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UpstreamStreamError);
    expect(seen).not.toContain('message_stop');
  });
});
