import { describe, expect, it } from 'vitest';
import { UpstreamStreamError } from '../upstream-stream-error.js';
import { createOpenAiToAnthropicStream } from './to-anthropic-stream.js';

interface Event {
  event: string;
  data: Record<string, unknown>;
}

function sse(chunks: readonly (Record<string, unknown> | string)[]): string {
  return chunks
    .map((chunk) => `data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`)
    .join('');
}

function chunk(delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
  };
}

const usageChunk = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  choices: [],
  usage: { prompt_tokens: 21, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 5 } },
};

/** The translated events, the input cut every `chunkSize` bytes. */
async function run(input: string, chunkSize = input.length, stopSequences: string[] = []): Promise<Event[]> {
  const bytes = new TextEncoder().encode(input);
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let start = 0; start < bytes.length; start += chunkSize) {
        controller.enqueue(bytes.slice(start, start + chunkSize));
      }
      controller.close();
    },
  });
  const text = await new Response(
    source.pipeThrough(createOpenAiToAnthropicStream({ stopSequences })),
  ).text();
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      const event = eventLine?.replace(/^event: /, '') ?? '';
      const data = JSON.parse(dataLine?.replace(/^data: /, '') ?? '') as Record<string, unknown>;
      expect(data.type).toBe(event);
      return { event, data };
    });
}

const names = (events: Event[]): string[] => events.map((event) => event.event);

describe(createOpenAiToAnthropicStream.name, () => {
  it('gives the same events however the bytes are cut (multi-byte characters included)', async () => {
    const input = sse([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Grüße, ' }),
      chunk({ content: '世界 👋' }),
      chunk({}, 'stop'),
      usageChunk,
      '[DONE]',
    ]);

    const whole = await run(input);
    for (const size of [1, 2, 3, 7, 64]) expect(await run(input, size)).toEqual(whole);

    expect(names(whole)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(whole[0]?.data.message).toEqual({
      id: 'msg_chatcmpl1',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    expect(whole[1]?.data).toMatchObject({ index: 0, content_block: { type: 'text', text: '' } });
    expect(whole.slice(2, 4).map((event) => event.data.delta)).toEqual([
      { type: 'text_delta', text: 'Grüße, ' },
      { type: 'text_delta', text: '世界 👋' },
    ]);
    expect(whole[5]?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 16, output_tokens: 9, cache_read_input_tokens: 5 },
    });
  });

  it('opens a tool_use block per tool call index, with the argument fragments as input_json_delta', async () => {
    const events = await run(
      sse([
        chunk({ role: 'assistant', content: null }),
        chunk({ content: 'Checking both.' }),
        chunk({
          tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'w', arguments: '' } }],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
        chunk({
          tool_calls: [
            { index: 1, id: 'call_b', type: 'function', function: { name: 'w', arguments: '{"ci' } },
          ],
        }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: 'ty":"Rome"}' } }] }),
        chunk({}, 'tool_calls'),
        usageChunk,
        '[DONE]',
      ]),
      5,
    );

    expect(events.map((event) => [event.event, event.data.index ?? null])).toEqual([
      ['message_start', null],
      ['content_block_start', 0],
      ['content_block_delta', 0],
      ['content_block_stop', 0],
      ['content_block_start', 1],
      ['content_block_delta', 1],
      ['content_block_delta', 1],
      ['content_block_stop', 1],
      ['content_block_start', 2],
      ['content_block_delta', 2],
      ['content_block_delta', 2],
      ['content_block_stop', 2],
      ['message_delta', null],
      ['message_stop', null],
    ]);
    expect(events[4]?.data.content_block).toEqual({ type: 'tool_use', id: 'call_a', name: 'w', input: {} });
    expect(events[8]?.data.content_block).toEqual({ type: 'tool_use', id: 'call_b', name: 'w', input: {} });
    const partial = (index: number): string =>
      events
        .filter((event) => event.event === 'content_block_delta' && event.data.index === index)
        .map((event) => (event.data.delta as { partial_json: string }).partial_json)
        .join('');
    expect(JSON.parse(partial(1))).toEqual({ city: 'Paris' });
    expect(JSON.parse(partial(2))).toEqual({ city: 'Rome' });
    expect(events[12]?.data.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
  });

  it('skips Azure’s opening filter chunk and reads a stop sequence vLLM names', async () => {
    const events = await run(
      sse([
        { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [] },
        chunk({ content: 'one two' }),
        {
          ...chunk({}, 'stop'),
          choices: [{ index: 0, delta: {}, finish_reason: 'stop', stop_reason: '###' }],
        },
        '[DONE]',
      ]),
      undefined,
      ['###'],
    );
    expect(events[0]?.data.message).toMatchObject({ id: 'msg_chatcmpl1', model: 'gpt-4o' });
    expect(events.at(-2)?.data).toMatchObject({
      delta: { stop_reason: 'stop_sequence', stop_sequence: '###' },
      // No usage chunk came: zeros, which metering reads as "not reported".
      usage: { input_tokens: 0, output_tokens: 0 },
    });
  });

  it.each([
    ['length', 'max_tokens'],
    ['content_filter', 'refusal'],
  ])('maps finish_reason %s to %s', async (finish, expected) => {
    const events = await run(sse([chunk({ content: 'x' }), chunk({}, finish), '[DONE]']));
    expect(events.at(-2)?.data.delta).toMatchObject({ stop_reason: expected });
  });

  it('ends the message at the finish reason when a server sends no [DONE]', async () => {
    const events = await run(sse([chunk({ content: 'x' }), chunk({}, 'stop'), usageChunk]));
    expect(names(events).slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(events.at(-2)?.data.usage).toMatchObject({ output_tokens: 9 });
  });

  it('turns an upstream error event into an Anthropic error event that ends the stream', async () => {
    const events = await run(
      sse([
        chunk({ content: 'par' }),
        { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
        chunk({ content: 'tial' }),
        '[DONE]',
      ]),
      3,
    );
    expect(names(events)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'error']);
    expect(events.at(-1)?.data).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Rate limit reached' },
    });
  });

  it.each([
    ['ends before its finish reason', sse([chunk({ content: 'x' })])],
    ['sends a chunk that is not JSON', sse(['{oops'])],
    [
      'starts a tool call without its name',
      sse([chunk({ tool_calls: [{ index: 0, id: 'c', function: {} }] })]),
    ],
    [
      'goes back to a tool call after the next began',
      sse([
        chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'w', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'w', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }),
      ]),
    ],
  ])('fails with an invalid response when the upstream %s', async (_case, input) => {
    const failure = await run(input).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamStreamError);
    expect((failure as UpstreamStreamError).failure.kind).toBe('invalid-response');
  });
});
