import { readSseEvents, startFakeLlm, type FakeLlm } from '@portcullis/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forwardChatCompletion, forwardEmbeddings } from '../forward.js';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../openai-wire.js';
import type { ResolvedDeployment, UpstreamOutcome } from '../provider-types.js';
import { createUpstreamClient, type UpstreamClient } from '../upstream-client.js';

const KEY = 'sk-openai-adapter-test';

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
    baseUrl: `${fake.url}/v1/`,
    options: {},
    credentials: { apiKey: KEY },
    upstreamModel: 'gpt-4o-2024-08-06',
    timeouts: { connectMs: 5_000, firstByteMs: 10_000, totalMs: 30_000 },
    tenantOwned: false,
    ...overrides,
  };
}

const request: ChatCompletionRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };

function response(outcome: UpstreamOutcome): Extract<UpstreamOutcome, { kind: 'response' }> {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return outcome;
}

async function contentOf(events: AsyncGenerator<{ data: string }, void>): Promise<string> {
  for (;;) {
    const next = await events.next();
    if (next.done === true) throw new Error('the stream ended');
    if (next.value.data === '[DONE]') continue;
    const content = (JSON.parse(next.value.data) as ChatCompletionChunk).choices[0]?.delta.content;
    if (typeof content === 'string' && content !== '') return content;
  }
}

describe('openAiAdapter', () => {
  it.each(['openai', 'openai-compatible', 'mock'] as const)(
    'sends %s chat completions to {baseUrl}/chat/completions with a Bearer key and the upstream model',
    async (type) => {
      fake.script({ text: 'Hello there' });

      const outcome = response(await forwardChatCompletion(client, deployment({ type }), request));

      expect(outcome.status).toBe(200);
      expect(JSON.parse(await new Response(outcome.body).text())).toMatchObject({
        object: 'chat.completion',
        choices: [{ message: { content: 'Hello there' } }],
      });
      const [sent] = fake.requests;
      expect(sent?.path).toBe('/v1/chat/completions');
      expect(sent?.hasCredential(KEY)).toBe(true);
      expect(sent?.body).toEqual({ ...request, model: 'gpt-4o-2024-08-06' });
    },
  );

  it('passes tools, tool_choice, JSON mode and unknown fields through untouched', async () => {
    const withTools = {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Paris, as JSON' }],
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', parameters: { type: 'object', properties: {} } },
        },
      ],
      tool_choice: 'auto',
      response_format: { type: 'json_object' },
      seed: 7,
    } as ChatCompletionRequest;
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });

    const outcome = response(await forwardChatCompletion(client, deployment(), withTools));

    expect(fake.requests[0]?.body).toEqual({ ...withTools, model: 'gpt-4o-2024-08-06' });
    expect(JSON.parse(await new Response(outcome.body).text())).toMatchObject({
      choices: [
        { finish_reason: 'tool_calls', message: { tool_calls: [{ function: { name: 'get_weather' } }] } },
      ],
    });
  });

  it('streams incrementally: the first delta reaches the caller while the fake still holds the second', async () => {
    fake.script({ stream: { chunks: ['Hel', 'lo'], gate: true } });
    fake.releaseNext();

    const outcome = response(
      await forwardChatCompletion(client, deployment(), {
        ...request,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(outcome.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const events = readSseEvents(outcome.body);

    expect(await contentOf(events)).toBe('Hel');
    expect(fake.heldChunks()).toBe(1);
    fake.releaseNext();
    expect(await contentOf(events)).toBe('lo');
    const rest: string[] = [];
    for await (const event of events) rest.push(event.data);
    expect(rest.at(-1)).toBe('[DONE]');
    expect(JSON.parse(rest.at(-2) ?? '{}')).toMatchObject({
      choices: [],
      usage: { total_tokens: expect.any(Number) as number },
    });
  });

  it('sends embeddings to {baseUrl}/embeddings', async () => {
    const outcome = response(
      await forwardEmbeddings(client, deployment({ upstreamModel: 'text-embedding-3-small' }), {
        model: 'embed',
        input: ['a', 'b'],
      }),
    );

    expect(JSON.parse(await new Response(outcome.body).text())).toMatchObject({
      object: 'list',
      model: 'text-embedding-3-small',
      data: [{ index: 0 }, { index: 1 }],
    });
    expect(fake.requests[0]?.path).toBe('/v1/embeddings');
  });

  it('sends no Authorization header when the provider has no credentials', async () => {
    const outcome = await forwardChatCompletion(client, deployment({ credentials: null }), request);

    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
    expect(outcome).toMatchObject({ kind: 'upstream-error', status: 401 });
  });

  it('reports an OpenAI error with its status, body and retry-after', async () => {
    fake.script({ error: { status: 429, retryAfter: 1 } });

    const outcome = await forwardChatCompletion(client, deployment(), request);

    expect(outcome).toMatchObject({ kind: 'upstream-error', status: 429, retryAfterMs: 1000 });
  });
});
