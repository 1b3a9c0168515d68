import { readSseEvents, startFakeLlm, type FakeLlm } from '@portcullis/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { forwardChatCompletion, forwardEmbeddings } from '../forward.js';
import type { ChatCompletionChunk, ChatCompletionRequest } from '../openai-wire.js';
import type { ResolvedDeployment, UpstreamOutcome } from '../provider-types.js';
import { createUpstreamClient, type UpstreamClient } from '../upstream-client.js';
import { DEFAULT_AZURE_API_VERSION } from './azure-openai.adapter.js';

const KEY = 'azure-adapter-test-key';

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
    type: 'azure-openai',
    baseUrl: fake.url,
    options: { apiVersion: '2024-06-01' },
    credentials: { apiKey: KEY },
    upstreamModel: 'prod gpt4o',
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

describe('azureOpenAiAdapter', () => {
  it('sends chat to the deployment path with api-version and the api-key header, no Authorization', async () => {
    const outcome = response(await forwardChatCompletion(client, deployment(), request));

    expect(JSON.parse(await new Response(outcome.body).text())).toMatchObject({
      object: 'chat.completion',
      prompt_filter_results: [{ prompt_index: 0 }],
    });
    const [sent] = fake.requests;
    expect(sent).toMatchObject({
      style: 'azure-openai',
      path: '/openai/deployments/prod%20gpt4o/chat/completions',
      query: { 'api-version': '2024-06-01' },
    });
    expect(sent?.headers['api-key']).toBe('[masked]');
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.hasCredential(KEY)).toBe(true);
  });

  it('uses the default api-version when the provider sets none', async () => {
    await response(await forwardChatCompletion(client, deployment({ options: {} }), request)).body.cancel();

    expect(fake.requests[0]?.query['api-version']).toBe(DEFAULT_AZURE_API_VERSION);
  });

  it('streams incrementally, Azure prompt-filter chunk included', async () => {
    fake.script({ stream: { chunks: ['a', 'b'], gate: true } });
    fake.releaseNext();

    const outcome = response(await forwardChatCompletion(client, deployment(), { ...request, stream: true }));
    const events = readSseEvents(outcome.body);
    const seen: ChatCompletionChunk[] = [];
    while (!seen.some((chunk) => chunk.choices[0]?.delta.content === 'a')) {
      const next = await events.next();
      if (next.done === true) throw new Error('the stream ended');
      seen.push(JSON.parse(next.value.data) as ChatCompletionChunk);
    }

    expect(seen[0]?.choices).toEqual([]);
    expect(fake.heldChunks()).toBe(1);
    fake.releaseNext();
    const rest: string[] = [];
    for await (const event of events) rest.push(event.data);
    expect(rest.at(-1)).toBe('[DONE]');
    expect(rest.some((data) => data.includes('"content":"b"'))).toBe(true);
  });

  it('sends embeddings to the deployment embeddings path', async () => {
    await response(
      await forwardEmbeddings(client, deployment({ upstreamModel: 'embed' }), { model: 'x', input: 'a' }),
    ).body.cancel();

    expect(fake.requests[0]?.path).toBe('/openai/deployments/embed/embeddings');
  });

  it('reads retry-after-ms from an Azure 429', async () => {
    fake.script({ error: { status: 429, retryAfter: 4 } });

    expect(await forwardChatCompletion(client, deployment(), request)).toMatchObject({
      kind: 'upstream-error',
      status: 429,
      retryAfterMs: 4000,
    });
  });
});
