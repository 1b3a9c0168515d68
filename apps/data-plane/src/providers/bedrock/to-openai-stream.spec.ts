import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import { describe, expect, it } from 'vitest';
import { UpstreamStreamError } from '../upstream-stream-error.js';
import { EventStreamDecoder } from './event-stream-decoder.js';
import { createConverseToOpenAiStream } from './to-openai-stream.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function event(type: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify({ ...payload, p: 'abcdef' })),
  });
}

function exception(type: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** `bytes` cut at `cuts` (sorted offsets). */
function cut(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const at of [...cuts, bytes.length]) {
    pieces.push(bytes.slice(start, at));
    start = at;
  }
  return pieces;
}

async function run(pieces: readonly Uint8Array[], includeUsage = false): Promise<string[]> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  const text = await new Response(
    source.pipeThrough(
      createConverseToOpenAiStream({ includeUsage, model: 'm', id: 'chatcmpl-1', created: 1 }),
    ),
  ).text();
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => block.replace(/^data: /, ''));
}

const textStream = [
  event('messageStart', { role: 'assistant' }),
  event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' } }),
  event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'lo' } }),
  event('contentBlockStop', { contentBlockIndex: 0 }),
  event('messageStop', { stopReason: 'max_tokens' }),
  event('metadata', {
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 19, cacheReadInputTokens: 4 },
    metrics: { latencyMs: 12 },
  }),
];

const toolStream = [
  event('messageStart', { role: 'assistant' }),
  event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Let me check.' } }),
  event('contentBlockStop', { contentBlockIndex: 0 }),
  event('contentBlockStart', {
    contentBlockIndex: 1,
    start: { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather' } },
  }),
  event('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":' } } }),
  event('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '"Oslo"}' } } }),
  event('contentBlockStop', { contentBlockIndex: 1 }),
  event('contentBlockStart', {
    contentBlockIndex: 2,
    start: { toolUse: { toolUseId: 'tooluse_2', name: 'get_time' } },
  }),
  event('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{}' } } }),
  event('contentBlockStop', { contentBlockIndex: 2 }),
  event('messageStop', { stopReason: 'tool_use' }),
  event('metadata', { usage: { inputTokens: 30, outputTokens: 20, totalTokens: 50 } }),
];

describe(EventStreamDecoder.name, () => {
  const two = concat([textStream[0] ?? new Uint8Array(), textStream[1] ?? new Uint8Array()]);

  it('gives the same messages wherever the bytes are cut, mid-prelude and mid-header included', () => {
    const whole = new EventStreamDecoder().push(two);
    expect(whole.map((message) => message.headers[':event-type'])).toEqual([
      'messageStart',
      'contentBlockDelta',
    ]);
    for (let first = 1; first < two.length; first += 1) {
      for (const second of [first + 1, first + 3, two.length - 1]) {
        const cuts = second > first && second < two.length ? [first, second] : [first];
        const decoder = new EventStreamDecoder();
        const messages = cut(two, cuts).flatMap((piece) => decoder.push(piece));
        decoder.end();
        expect(messages).toEqual(whole);
      }
    }
  });

  it('yields a message as soon as its last byte arrives, not before', () => {
    const first = textStream[0] ?? new Uint8Array();
    const decoder = new EventStreamDecoder();
    expect(decoder.push(first.slice(0, 3))).toEqual([]);
    expect(decoder.push(first.slice(3, first.length - 1))).toEqual([]);
    expect(decoder.push(first.slice(first.length - 1))).toHaveLength(1);
  });

  it('refuses a frame whose CRC does not match', () => {
    const damaged = new Uint8Array(textStream[1] ?? new Uint8Array());
    damaged[damaged.length - 6] = (damaged[damaged.length - 6] ?? 0) ^ 0xff;
    expect(() => new EventStreamDecoder().push(damaged)).toThrow(/checksum/);
  });

  it('refuses a prelude announcing an impossible length before buffering it', () => {
    const bogus = new Uint8Array([0x7f, 0xff, 0xff, 0xff]);
    expect(() => new EventStreamDecoder().push(bogus)).toThrow(/announces/);
    expect(() => new EventStreamDecoder().push(new Uint8Array([0, 0, 0, 4]))).toThrow(/announces/);
  });

  it('refuses a stream that ends inside a frame', () => {
    const decoder = new EventStreamDecoder();
    decoder.push((textStream[0] ?? new Uint8Array()).slice(0, 10));
    expect(() => {
      decoder.end();
    }).toThrow(/inside a frame/);
  });
});

describe(createConverseToOpenAiStream.name, () => {
  it('gives the same chunks however the bytes are cut, usage (cached tokens included) at the end', async () => {
    const bytes = concat(textStream);
    const expected = await run([bytes], true);

    expect(expected.map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as unknown)))).toEqual([
      {
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [
          { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
        ],
        usage: null,
      },
      expect.objectContaining({ choices: [expect.objectContaining({ delta: { content: 'Hel' } })] }),
      expect.objectContaining({ choices: [expect.objectContaining({ delta: { content: 'lo' } })] }),
      expect.objectContaining({ choices: [expect.objectContaining({ delta: {}, finish_reason: 'length' })] }),
      {
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [],
        usage: {
          prompt_tokens: 14,
          completion_tokens: 5,
          total_tokens: 19,
          prompt_tokens_details: { cached_tokens: 4 },
        },
      },
      '[DONE]',
    ]);
    for (const size of [1, 2, 5, 7, 13, 64]) {
      const pieces: Uint8Array[] = [];
      for (let start = 0; start < bytes.length; start += size) pieces.push(bytes.slice(start, start + size));
      expect(await run(pieces, true)).toEqual(expected);
    }
  });

  it('leaves out the usage chunk and the usage fields when not asked', async () => {
    const chunks = await run(textStream);
    expect(chunks).toHaveLength(5);
    expect(chunks.join('')).not.toContain('usage');
    expect(chunks.at(-1)).toBe('[DONE]');
  });

  it('streams tool calls with their index, id, name and argument fragments', async () => {
    const deltas = (await run(toolStream))
      .filter((data) => data !== '[DONE]')
      .map(
        (data) => (JSON.parse(data) as { choices: { delta: unknown; finish_reason: unknown }[] }).choices[0],
      );

    expect(deltas).toEqual([
      expect.objectContaining({ delta: { role: 'assistant', content: '' } }),
      expect.objectContaining({ delta: { content: 'Let me check.' } }),
      expect.objectContaining({
        delta: {
          tool_calls: [
            { index: 0, id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
          ],
        },
      }),
      expect.objectContaining({ delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }),
      expect.objectContaining({ delta: { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] } }),
      expect.objectContaining({
        delta: {
          tool_calls: [
            { index: 1, id: 'tooluse_2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
      }),
      expect.objectContaining({ delta: { tool_calls: [{ index: 1, function: { arguments: '{}' } }] } }),
      expect.objectContaining({ delta: {}, finish_reason: 'tool_calls' }),
    ]);
  });

  it.each([
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
    ['stop_sequence', 'stop'],
    ['end_turn', 'stop'],
  ])('maps stopReason %s to %s', async (stopReason, finish) => {
    const chunks = await run([
      event('messageStart', { role: 'assistant' }),
      event('messageStop', { stopReason }),
      event('metadata', { usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } }),
    ]);
    expect(JSON.parse(chunks[1] ?? '')).toMatchObject({ choices: [{ finish_reason: finish }] });
  });

  it('ends with an OpenAI error event on a mid-stream exception, dropping what follows', async () => {
    const chunks = await run([
      event('messageStart', { role: 'assistant' }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' } }),
      exception('throttlingException', 'Too many tokens, please wait before trying again.'),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'never' } }),
    ]);

    expect(chunks).toHaveLength(3);
    expect(JSON.parse(chunks[2] ?? '')).toEqual({
      error: {
        message: 'Too many tokens, please wait before trying again.',
        type: 'rate_limit_error',
        code: 'throttlingException',
        param: null,
      },
    });
  });

  it('maps other exceptions to server errors', async () => {
    const chunks = await run([exception('modelStreamErrorException', 'The model failed')]);
    expect(JSON.parse(chunks[0] ?? '')).toMatchObject({
      error: { type: 'server_error', code: 'modelStreamErrorException', message: 'The model failed' },
    });
  });

  it('skips unknown event types', async () => {
    const chunks = await run([
      event('messageStart', { role: 'assistant' }),
      event('somethingNew', { x: 1 }),
      event('messageStop', { stopReason: 'end_turn' }),
      event('metadata', { usage: {} }),
    ]);
    expect(chunks).toHaveLength(3);
  });

  it('completes without usage when messageStop came but metadata did not', async () => {
    const chunks = await run(textStream.slice(0, 5), true);
    expect(chunks.at(-1)).toBe('[DONE]');
    expect(chunks.some((data) => data.includes('"choices":[]'))).toBe(false);
  });

  it('fails with an UpstreamStreamError when the stream ends before messageStop', async () => {
    await expect(run(textStream.slice(0, 3))).rejects.toBeInstanceOf(UpstreamStreamError);
  });

  it('fails with an UpstreamStreamError on a broken frame or a malformed event', async () => {
    const all = concat(textStream);
    await expect(run([all.slice(0, all.length - 3)])).rejects.toThrow(/inside a frame/);
    await expect(run([event('contentBlockDelta', { delta: { text: 'x' } })])).rejects.toThrow(
      /contentBlockDelta event has an unexpected shape/,
    );
  });
});
