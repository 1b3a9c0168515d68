import { describe, expect, it } from 'vitest';
import { tapUsage, type TapOptions, type TapResult } from './usage-tap.js';

const encoder = new TextEncoder();

function source(chunks: readonly string[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function run(
  chunks: readonly string[],
  options: Omit<TapOptions, 'onEnd'>,
): Promise<{ text: string; result: TapResult | undefined; pieces: number }> {
  let result: TapResult | undefined;
  const tapped = tapUsage(source(chunks), { ...options, onEnd: (ended) => (result = ended) });
  const reader = tapped.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return { text: Buffer.concat(parts).toString('utf8'), result, pieces: parts.length };
}

const chunk = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
const delta = (content: string): string =>
  chunk({
    id: 'c1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta: { content } }],
    usage: null,
  });
const usageChunk = chunk({
  id: 'c1',
  object: 'chat.completion.chunk',
  choices: [],
  usage: { prompt_tokens: 11, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 4 } },
});

describe('tapUsage', () => {
  it('reads an OpenAI JSON body’s usage and passes the body through untouched', async () => {
    const body = JSON.stringify({
      choices: [{ message: { content: 'Hi' } }],
      usage: { prompt_tokens: 3, completion_tokens: 1 },
    });
    const { text, result } = await run([body.slice(0, 10), body.slice(10)], {
      format: 'openai',
      sse: false,
      dropUsageChunk: false,
    });
    expect(text).toBe(body);
    expect(result).toEqual({
      usage: { input: 3, output: 1, cachedInput: 0, estimated: false },
      outputTexts: [],
      completed: true,
    });
  });

  it('drops the usage chunk the client did not ask for, even split across reads, and keeps every other byte', async () => {
    const all = delta('Hel') + delta('lo') + usageChunk + 'data: [DONE]\n\n';
    const cut = all.indexOf('prompt_tokens');
    const { text, result } = await run([all.slice(0, cut), all.slice(cut)], {
      format: 'openai',
      sse: true,
      dropUsageChunk: true,
    });
    expect(text).toBe(delta('Hel') + delta('lo') + 'data: [DONE]\n\n');
    expect(result?.usage).toEqual({ input: 11, output: 7, cachedInput: 4, estimated: false });
  });

  it('keeps reading when a read holds no complete event (an event cut in three)', async () => {
    const event = usageChunk;
    const thirds = [event.slice(0, 20), event.slice(20, 40), event.slice(40) + 'data: [DONE]\n\n'];
    const { text, result } = await run(thirds, { format: 'openai', sse: true, dropUsageChunk: false });
    expect(text).toBe(thirds.join(''));
    expect(result?.usage?.input).toBe(11);
  });

  it('keeps the usage chunk for a client that asked for it', async () => {
    const all = [delta('Hi'), usageChunk, 'data: [DONE]\n\n'];
    const { text, result } = await run(all, { format: 'openai', sse: true, dropUsageChunk: false });
    expect(text).toBe(all.join(''));
    expect(result?.usage?.output).toBe(7);
  });

  it('passes events that say nothing of usage in the chunks they came in', async () => {
    const plain = (content: string): string => chunk({ choices: [{ index: 0, delta: { content } }] });
    const all = [plain('a'), plain('b') + plain('c'), 'data: [DONE]\n\n'];
    const { text, pieces } = await run(all, { format: 'openai', sse: true, dropUsageChunk: true });
    expect(text).toBe(all.join(''));
    expect(pieces).toBe(3);
  });

  it('adds up an Anthropic stream: input from message_start, output from the last message_delta', async () => {
    const events = [
      `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { usage: { input_tokens: 20, cache_read_input_tokens: 5, output_tokens: 1 } } })}\n\n`,
      `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'Hi' } })}\n\n`,
      `event: message_delta\ndata: ${JSON.stringify({ type: 'message_delta', usage: { output_tokens: 9 } })}\n\n`,
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ];
    const { text, result } = await run(events, { format: 'anthropic', sse: true, dropUsageChunk: false });
    expect(text).toBe(events.join(''));
    expect(result?.usage).toEqual({ input: 25, output: 9, cachedInput: 5, estimated: false });
  });

  it('takes the counts a message_delta carries over message_start’s (input known only at the end)', async () => {
    const event = (data: Record<string, unknown>): string =>
      `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
    const start = event({
      type: 'message_start',
      message: { usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0 } },
    });
    const text = event({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'Hi' } });
    const stop = event({ type: 'message_stop' });
    const options = { format: 'anthropic', sse: true, dropUsageChunk: false } as const;

    const reported = await run(
      [
        start,
        text,
        event({
          type: 'message_delta',
          usage: { input_tokens: 16, output_tokens: 9, cache_read_input_tokens: 5 },
        }),
        stop,
      ],
      options,
    );
    expect(reported.result?.usage).toEqual({ input: 21, output: 9, cachedInput: 5, estimated: false });

    // All zeros: the provider reported nothing, so the text is kept for an estimate.
    const unreported = await run(
      [start, text, event({ type: 'message_delta', usage: { input_tokens: 0, output_tokens: 0 } }), stop],
      options,
    );
    expect(unreported.result?.usage).toBeUndefined();
    expect(unreported.result?.outputTexts).toEqual(['Hi']);
  });

  it('keeps the generated text for an estimate when the provider reports no usage', async () => {
    const { result } = await run([delta('Hello'), delta(' world'), 'data: [DONE]\n\n'], {
      format: 'openai',
      sse: true,
      dropUsageChunk: true,
    });
    expect(result?.usage).toBeUndefined();
    expect(result?.outputTexts).toEqual(['Hello', ' world']);
  });

  it('finds the usage at the end of a JSON body too large to parse', async () => {
    const big = JSON.stringify({
      data: [{ embedding: Array.from({ length: 600_000 }, () => 0.123456) }],
      usage: { prompt_tokens: 42, total_tokens: 42 },
    });
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    const pieces = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) =>
      big.slice(i * 65536, (i + 1) * 65536),
    );
    const { text, result } = await run(pieces, { format: 'openai', sse: false, dropUsageChunk: false });
    expect(text.length).toBe(big.length);
    expect(result?.usage).toEqual({ input: 42, output: 0, cachedInput: 0, estimated: false });
  });

  it('reports an incomplete call when the reader cancels (the client went away)', async () => {
    let result: TapResult | undefined;
    const tapped = tapUsage(source([delta('a'), delta('b')]), {
      format: 'openai',
      sse: true,
      dropUsageChunk: true,
      onEnd: (ended) => (result = ended),
    });
    const reader = tapped.getReader();
    await reader.read();
    await reader.cancel();
    expect(result?.completed).toBe(false);
  });
});
