import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from './fake-llm.js';
import { readSseEvents, type SseEvent } from './sse.js';

const KEY = 'sk-fake-test-key';

let fake: FakeLlm;

beforeAll(async () => {
  fake = await startFakeLlm({ apiKey: KEY });
});

afterEach(() => {
  fake.reset();
});

afterAll(async () => {
  await fake.close();
});

interface ChatChunk {
  id: string;
  object: string;
  choices: {
    index: number;
    delta: {
      role?: string;
      content?: string | null;
      tool_calls?: { index: number; id?: string; function: { name?: string; arguments: string } }[];
    };
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

const openAiHeaders = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const anthropicHeaders = {
  'x-api-key': KEY,
  'anthropic-version': '2023-06-01',
  'content-type': 'application/json',
};

function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = openAiHeaders,
  signal?: AbortSignal,
) {
  return fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function events(response: Response): Promise<SseEvent[]> {
  if (response.body === null) throw new Error('no body');
  const seen: SseEvent[] = [];
  for await (const event of readSseEvents(response.body)) seen.push(event);
  return seen;
}

function chatChunks(seen: readonly SseEvent[]): ChatChunk[] {
  return seen.filter((event) => event.data !== '[DONE]').map((event) => JSON.parse(event.data) as ChatChunk);
}

const hello = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] };

describe('startFakeLlm: OpenAI chat completions', () => {
  it('answers a non-streaming request in the chat.completion shape and records it with the key masked', async () => {
    fake.script({ text: 'Bonjour', usage: { inputTokens: 11, outputTokens: 2 } });

    const response = await post('/v1/chat/completions', hello);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const body = await json<Record<string, unknown>>(response);
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Bonjour' },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
    });
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(typeof body.created).toBe('number');

    const [recorded] = fake.requests;
    expect(recorded).toMatchObject({
      style: 'openai',
      method: 'POST',
      path: '/v1/chat/completions',
      body: hello,
    });
    expect(recorded?.headers.authorization).toBe('Bearer [masked]');
    expect(JSON.stringify(fake.requests)).not.toContain(KEY);
    expect(recorded?.hasCredential(KEY)).toBe(true);
    expect(recorded?.hasCredential('sk-other')).toBe(false);
    expect(await recorded?.outcome()).toBe('completed');
  });

  it('streams a role delta, content deltas, the finish reason, a usage chunk and [DONE]', async () => {
    fake.script({ stream: { chunks: ['Hel', 'lo', '!'] }, usage: { inputTokens: 5, outputTokens: 3 } });

    const response = await post('/v1/chat/completions', {
      ...hello,
      stream: true,
      stream_options: { include_usage: true },
    });

    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const seen = await events(response);
    expect(seen.at(-1)).toEqual({ data: '[DONE]' });
    const chunks = chatChunks(seen);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant', content: '' });
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe('Hello!');
    expect(chunks.at(-2)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('sends no usage chunk unless stream_options.include_usage asks for it', async () => {
    const chunks = chatChunks(await events(await post('/v1/chat/completions', { ...hello, stream: true })));

    expect(chunks.some((chunk) => chunk.choices.length === 0)).toBe(false);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
  });

  it('answers with tool_calls for a declared tool, streaming the arguments as fragments', async () => {
    const tools = [
      { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } },
    ];
    const args = { city: 'Paris', unit: 'celsius' };
    fake.script(
      { toolCalls: [{ name: 'get_weather', arguments: args }] },
      { toolCalls: [{ name: 'get_weather', arguments: args }] },
    );

    const whole = await json<{ choices: { message: Record<string, unknown>; finish_reason: string }[] }>(
      await post('/v1/chat/completions', { ...hello, tools }),
    );
    expect(whole.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        content: null,
        tool_calls: [
          { type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(args) } },
        ],
      },
    });

    const chunks = chatChunks(
      await events(await post('/v1/chat/completions', { ...hello, tools, stream: true })),
    );
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({
      index: 0,
      id: expect.stringMatching(/^call_/) as unknown,
      function: { name: 'get_weather', arguments: '' },
    });
    const fragments = calls.map((call) => call.function.arguments).filter((fragment) => fragment !== '');
    expect(fragments.length).toBeGreaterThan(1);
    expect(JSON.parse(fragments.join(''))).toEqual(args);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('refuses a scripted tool call the request did not declare', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather' }] });

    const response = await post('/v1/chat/completions', hello);

    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ error: { type: 'invalid_request_error', param: 'tools' } });
  });

  it('refuses tool messages that do not answer the tool calls right before them, like OpenAI', async () => {
    const call = (id: string): Record<string, unknown> => ({
      id,
      type: 'function',
      function: { name: 'get_weather', arguments: '{}' },
    });
    const asked = { role: 'assistant', content: null, tool_calls: [call('call_1'), call('call_2')] };
    const answer = (id: string): Record<string, unknown> => ({
      role: 'tool',
      tool_call_id: id,
      content: 'ok',
    });
    const user = { role: 'user', content: 'Weather?' };
    const refusals: [unknown[], string][] = [
      [[user, answer('call_1')], 'messages.[1].role'],
      [[user, asked, answer('call_1'), user], 'messages.[1].role'],
      [[user, asked, answer('call_1'), answer('call_3')], 'messages.[3].tool_call_id'],
      [[user, asked], 'messages.[1].role'],
    ];
    for (const [messages, param] of refusals) {
      const response = await post('/v1/chat/completions', { ...hello, messages });
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({ error: { type: 'invalid_request_error', param } });
    }

    const accepted = await post('/v1/chat/completions', {
      ...hello,
      messages: [user, asked, answer('call_2'), answer('call_1'), user],
    });
    expect(accepted.status).toBe(200);
  });

  it('passes JSON mode through, refusing it like OpenAI when no message mentions JSON', async () => {
    const refused = await post('/v1/chat/completions', {
      ...hello,
      response_format: { type: 'json_object' },
    });
    expect(refused.status).toBe(400);
    expect(await json(refused)).toMatchObject({
      error: { param: 'messages', type: 'invalid_request_error' },
    });

    const byDefault = await post('/v1/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Answer in JSON' }],
      response_format: { type: 'json_object' },
    });
    const content = (await json<{ choices: { message: { content: string } }[] }>(byDefault)).choices[0]
      ?.message.content;
    expect(JSON.parse(content ?? '')).toEqual({ reply: 'Hello from the fake LLM.' });

    fake.script({ text: '{"greeting":"hi"}' });
    const accepted = await post('/v1/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Answer in JSON' }],
      response_format: { type: 'json_object' },
    });
    expect(accepted.status).toBe(200);
    expect(await json(accepted)).toMatchObject({ choices: [{ message: { content: '{"greeting":"hi"}' } }] });
  });

  it('echoes the last user message so a test sees what reached the provider', async () => {
    fake.script({ echo: true });

    const body = await json<{ choices: { message: { content: string } }[] }>(
      await post('/v1/chat/completions', {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'ok' },
          { role: 'user', content: [{ type: 'text', text: 'my mail is <EMAIL_1>' }] },
        ],
      }),
    );

    expect(body.choices[0]?.message.content).toBe('my mail is <EMAIL_1>');
  });

  it('validates like OpenAI: missing messages, stream_options without stream, bad JSON', async () => {
    const missing = await post('/v1/chat/completions', { model: 'gpt-4o-mini' });
    expect(missing.status).toBe(400);
    expect(await json(missing)).toEqual({
      error: {
        message: "Missing required parameter: 'messages'.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'missing_required_parameter',
      },
    });

    const options = await post('/v1/chat/completions', { ...hello, stream_options: { include_usage: true } });
    expect(options.status).toBe(400);
    expect(await json(options)).toMatchObject({ error: { param: 'stream_options' } });

    const garbage = await post('/v1/chat/completions', '{"model":');
    expect(garbage.status).toBe(400);
  });
});

describe('startFakeLlm: OpenAI errors and failures', () => {
  it('answers 401 without a Bearer key and with a wrong one', async () => {
    const none = await post('/v1/chat/completions', hello, { 'content-type': 'application/json' });
    expect(none.status).toBe(401);
    expect(await json(none)).toMatchObject({
      error: { type: 'invalid_request_error', code: null, param: null },
    });

    const wrong = await post('/v1/chat/completions', hello, { authorization: 'Bearer sk-wrong' });
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('keeps a scripted reply queued when a request is refused before it', async () => {
    fake.script({ text: 'kept' });
    await post('/v1/chat/completions', hello, { authorization: 'Bearer sk-wrong' });

    const body = await json<{ choices: { message: { content: string } }[] }>(
      await post('/v1/chat/completions', hello),
    );

    expect(body.choices[0]?.message.content).toBe('kept');
  });

  it('answers scripted 429 with retry-after, 500 and 503 in the OpenAI error shape', async () => {
    fake.script(
      { error: { status: 429, retryAfter: 2 } },
      { error: { status: 500 } },
      { error: { status: 503, message: 'busy' } },
    );

    const limited = await post('/v1/chat/completions', hello);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await json(limited)).toEqual({
      error: {
        message: expect.any(String) as string,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });

    const failed = await post('/v1/chat/completions', hello);
    expect(failed.status).toBe(500);
    expect(await json(failed)).toMatchObject({ error: { type: 'server_error' } });

    const busy = await post('/v1/chat/completions', hello);
    expect(busy.status).toBe(503);
    expect(await json(busy)).toMatchObject({ error: { message: 'busy', type: 'server_error' } });
  });

  it('resets the connection before any byte', async () => {
    fake.script({ fail: 'reset' });

    await expect(post('/v1/chat/completions', hello)).rejects.toThrow();

    expect(await fake.requests[0]?.outcome()).toBe('reset');
  });

  it('waits for the delay before answering', async () => {
    fake.script({ delayMs: 5, text: 'late' });

    const body = await json<{ choices: { message: { content: string } }[] }>(
      await post('/v1/chat/completions', hello),
    );

    expect(body.choices[0]?.message.content).toBe('late');
  });

  it('hangs until the client gives up, and records that it did', async () => {
    fake.script({ fail: 'hang' });
    const controller = new AbortController();

    const pending = post('/v1/chat/completions', hello, openAiHeaders, controller.signal);
    const [recorded] = await fake.waitForRequests(1);
    controller.abort();

    await expect(pending).rejects.toThrow();
    expect(await recorded?.outcome()).toBe('aborted');
  });

  it('releases gated chunks one at a time, so a reader sees each before the next is sent', async () => {
    fake.script({ stream: { chunks: ['one', 'two'], gate: true } });

    const response = await post('/v1/chat/completions', { ...hello, stream: true });
    expect(response.status).toBe(200);
    if (response.body === null) throw new Error('no body');
    const iterator = readSseEvents(response.body)[Symbol.asyncIterator]();
    const nextContent = async (): Promise<string> => {
      for (;;) {
        const { value, done } = await iterator.next();
        if (done === true) throw new Error('stream ended');
        const content = (JSON.parse(value.data) as ChatChunk).choices[0]?.delta.content;
        if (typeof content === 'string' && content !== '') return content;
      }
    };

    expect(fake.heldChunks()).toBe(1);
    fake.releaseNext();
    expect(await nextContent()).toBe('one');
    expect(fake.heldChunks()).toBe(1);
    fake.releaseNext();
    expect(await nextContent()).toBe('two');
    expect(fake.heldChunks()).toBe(0);
    const rest: string[] = [];
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next())
      rest.push(next.value.data);
    expect(rest.at(-1)).toBe('[DONE]');
  });

  it('stalls mid-stream with the connection open until the client leaves', async () => {
    fake.script({ stream: { chunks: ['one', 'two'], stallAfter: 1 } });
    const controller = new AbortController();

    const response = await post(
      '/v1/chat/completions',
      { ...hello, stream: true },
      openAiHeaders,
      controller.signal,
    );
    if (response.body === null) throw new Error('no body');
    const iterator = readSseEvents(response.body)[Symbol.asyncIterator]();
    let content = '';
    while (content === '') {
      const { value } = await iterator.next();
      content = (JSON.parse(value?.data ?? '{}') as ChatChunk).choices[0]?.delta.content ?? '';
    }
    expect(content).toBe('one');
    controller.abort();

    expect(await fake.requests[0]?.outcome()).toBe('aborted');
  });

  it('resets the connection mid-stream', async () => {
    fake.script({ stream: { chunks: ['one', 'two'], resetAfter: 1 } });

    const response = await post('/v1/chat/completions', { ...hello, stream: true });

    await expect(events(response)).rejects.toThrow();
    expect(await fake.requests[0]?.outcome()).toBe('reset');
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const unknown = await post('/v1/completions', hello);
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ error: { message: 'Invalid URL (POST /v1/completions)' } });

    const wrongMethod = await fetch(`${fake.url}/v1/chat/completions`, { headers: openAiHeaders });
    expect(wrongMethod.status).toBe(405);
  });
});

describe('startFakeLlm: embeddings and models', () => {
  it('returns deterministic embeddings as floats or base64', async () => {
    const floats = await json<{
      data: { embedding: number[]; index: number }[];
      usage: { prompt_tokens: number };
    }>(await post('/v1/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 4 }));
    expect(floats).toMatchObject({ object: 'list', model: 'text-embedding-3-small' });
    expect(floats.data.map((item) => item.index)).toEqual([0, 1]);
    expect(floats.data[0]?.embedding).toHaveLength(4);
    expect(floats.usage.prompt_tokens).toBe(2);

    const base64 = await json<{ data: { embedding: string }[] }>(
      await post('/v1/embeddings', {
        model: 'text-embedding-3-small',
        input: 'a',
        dimensions: 4,
        encoding_format: 'base64',
      }),
    );
    const decoded = new Float32Array(
      Uint8Array.from(Buffer.from(base64.data[0]?.embedding ?? '', 'base64')).buffer,
    );
    expect(Array.from(decoded)).toEqual(floats.data[0]?.embedding);
  });

  it('lists models in OpenAI shape, and in Anthropic shape for Anthropic clients', async () => {
    const openAi = await json(await fetch(`${fake.url}/v1/models`, { headers: openAiHeaders }));
    expect(openAi).toMatchObject({
      object: 'list',
      data: expect.arrayContaining([expect.objectContaining({ id: 'gpt-4o', object: 'model' })]) as unknown,
    });

    const anthropic = await json(await fetch(`${fake.url}/v1/models`, { headers: anthropicHeaders }));
    expect(anthropic).toMatchObject({
      has_more: false,
      data: expect.arrayContaining([expect.objectContaining({ type: 'model' })]) as unknown,
    });
  });
});

describe('startFakeLlm: Azure OpenAI', () => {
  const path = '/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21';
  const azureHeaders = { 'api-key': KEY, 'content-type': 'application/json' };
  const body = { messages: [{ role: 'user', content: 'hi' }] };

  it('serves the deployment path with the api-key header, adding content filter results', async () => {
    const response = await post(path, body, azureHeaders);

    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      model: 'my-gpt',
      prompt_filter_results: [{ prompt_index: 0 }],
      choices: [
        {
          message: { content: 'Hello from the fake LLM.' },
          content_filter_results: { hate: { filtered: false } },
        },
      ],
    });
    expect(fake.requests[0]).toMatchObject({ style: 'azure-openai', query: { 'api-version': '2024-10-21' } });
    expect(fake.requests[0]?.headers['api-key']).toBe('[masked]');
  });

  it('opens a stream with a choiceless prompt-filter chunk, as Azure does', async () => {
    const chunks = chatChunks(await events(await post(path, { ...body, stream: true }, azureHeaders)));

    expect(chunks[0]).toMatchObject({ choices: [], prompt_filter_results: [{ prompt_index: 0 }] });
    expect(chunks[1]?.choices[0]?.delta.role).toBe('assistant');
  });

  it('refuses a missing api-version with 404 and a bad key with 401 in the Azure error shape', async () => {
    const noVersion = await post('/openai/deployments/my-gpt/chat/completions', body, azureHeaders);
    expect(noVersion.status).toBe(404);
    expect(await json(noVersion)).toEqual({ error: { code: '404', message: 'Resource not found' } });

    const badKey = await post(path, body, { 'api-key': 'wrong' });
    expect(badKey.status).toBe(401);
    expect(await json(badKey)).toMatchObject({ error: { code: '401' } });
  });

  it('sends retry-after-ms beside retry-after on a scripted 429', async () => {
    fake.script({ error: { status: 429, retryAfter: 3 } });

    const response = await post(path, body, azureHeaders);

    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('retry-after-ms')).toBe('3000');
  });
});

describe('startFakeLlm: Anthropic messages', () => {
  const message = {
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'Hi' }],
  };
  const tools = [
    { name: 'get_weather', description: 'weather', input_schema: { type: 'object', properties: {} } },
  ];

  it('answers a non-streaming request in the Messages shape', async () => {
    fake.script({ text: 'Hello', usage: { inputTokens: 9, outputTokens: 1 } });

    const response = await post('/v1/messages', message, anthropicHeaders);

    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(await json(response)).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hello' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 9, output_tokens: 1 },
    });
    expect(fake.requests[0]?.headers['x-api-key']).toBe('[masked]');
    expect(fake.requests[0]?.hasCredential(KEY)).toBe(true);
  });

  it('streams message_start, content_block_start, ping, text deltas, stops and message_delta with usage', async () => {
    fake.script({ stream: { chunks: ['Hel', 'lo'] }, usage: { inputTokens: 4, outputTokens: 2 } });

    const seen = await events(await post('/v1/messages', { ...message, stream: true }, anthropicHeaders));

    expect(seen.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const data = seen.map((event) => JSON.parse(event.data) as Record<string, unknown>);
    expect(data.every((value, index) => value.type === seen[index]?.event)).toBe(true);
    expect(data[0]).toMatchObject({ message: { usage: { input_tokens: 4 } } });
    expect(data[3]).toMatchObject({ index: 0, delta: { type: 'text_delta', text: 'Hel' } });
    expect(data[6]).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } });
  });

  it('answers with tool_use blocks, streamed as input_json_delta fragments', async () => {
    const input = { city: 'Paris', days: 3 };
    fake.script(
      { text: 'Checking.', toolCalls: [{ name: 'get_weather', arguments: input }] },
      { toolCalls: [{ name: 'get_weather', arguments: input }] },
    );

    const whole = await json(await post('/v1/messages', { ...message, tools }, anthropicHeaders));
    expect(whole).toMatchObject({
      stop_reason: 'tool_use',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: expect.stringMatching(/^toolu_/) as unknown, name: 'get_weather', input },
      ],
    });

    const seen = await events(
      await post('/v1/messages', { ...message, tools, stream: true }, anthropicHeaders),
    );
    const data = seen.map(
      (event) =>
        JSON.parse(event.data) as {
          type: string;
          index?: number;
          content_block?: unknown;
          delta?: { partial_json?: string; stop_reason?: string };
        },
    );
    expect(data[1]).toMatchObject({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', name: 'get_weather', input: {} },
    });
    const partial = data.flatMap((value) =>
      value.delta?.partial_json === undefined ? [] : [value.delta.partial_json],
    );
    expect(partial.filter((fragment) => fragment !== '').length).toBeGreaterThan(1);
    expect(JSON.parse(partial.join(''))).toEqual(input);
    expect(data.find((value) => value.type === 'message_delta')?.delta?.stop_reason).toBe('tool_use');
  });

  it('requires x-api-key and anthropic-version, answering in the Anthropic error shape', async () => {
    const noKey = await post('/v1/messages', message, { 'anthropic-version': '2023-06-01' });
    expect(noKey.status).toBe(401);
    expect(await json(noKey)).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });

    const noVersion = await post('/v1/messages', message, { 'x-api-key': KEY });
    expect(noVersion.status).toBe(400);
    expect(await json(noVersion)).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
    });
  });

  it('refuses what Anthropic refuses: a system role message, a tool_result without its tool_use, no max_tokens', async () => {
    const system = await post(
      '/v1/messages',
      { ...message, messages: [{ role: 'system', content: 'x' }, ...message.messages] },
      anthropicHeaders,
    );
    expect(system.status).toBe(400);
    expect(await json(system)).toMatchObject({
      error: { message: expect.stringContaining('Unexpected role "system"') as unknown },
    });

    const orphan = await post(
      '/v1/messages',
      {
        ...message,
        messages: [
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'sunny' }] },
        ],
      },
      anthropicHeaders,
    );
    expect(orphan.status).toBe(400);
    expect(await json(orphan)).toMatchObject({
      error: { message: expect.stringContaining('tool_use_id') as unknown },
    });

    const { max_tokens: _dropped, ...noMax } = message;
    const missing = await post('/v1/messages', noMax, anthropicHeaders);
    expect(await json(missing)).toMatchObject({ error: { message: 'max_tokens: Field required' } });
  });

  it('answers scripted 429 and 529 with the Anthropic error types', async () => {
    fake.script({ error: { status: 429, retryAfter: 7 } }, { error: { status: 529 } });

    const limited = await post('/v1/messages', message, anthropicHeaders);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await json(limited)).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });

    const overloaded = await post('/v1/messages', message, anthropicHeaders);
    expect(overloaded.status).toBe(529);
    expect(await json(overloaded)).toMatchObject({
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  it('echoes the last user text block', async () => {
    fake.script({ echo: true });

    const body = await json(
      await post(
        '/v1/messages',
        { ...message, messages: [{ role: 'user', content: [{ type: 'text', text: 'ping <NAME_1>' }] }] },
        anthropicHeaders,
      ),
    );

    expect(body).toMatchObject({ content: [{ type: 'text', text: 'ping <NAME_1>' }] });
  });
});

describe('startFakeLlm: lifecycle', () => {
  it('cuts hung requests on close', async () => {
    const own = await startFakeLlm();
    own.script({ fail: 'hang' });

    const pending = fetch(`${own.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer any' },
      body: JSON.stringify(hello),
    });
    await own.waitForRequests(1);
    await own.close();

    await expect(pending).rejects.toThrow();
  });
});
