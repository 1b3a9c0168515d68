import { describe, expect, it } from 'vitest';
import { UpstreamStreamError } from '../upstream-stream-error.js';
import { createAnthropicToOpenAiStream } from './to-openai-stream.js';

function sse(events: readonly Record<string, unknown>[]): string {
  return events.map((event) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

async function run(input: string, includeUsage: boolean, chunkSize = input.length): Promise<string[]> {
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
    source.pipeThrough(createAnthropicToOpenAiStream({ includeUsage, created: 1 })),
  ).text();
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => block.replace(/^data: /, ''));
}

const start = {
  type: 'message_start',
  message: {
    id: 'msg_1',
    model: 'claude-x',
    usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 4, cache_creation_input_tokens: 2 },
  },
};
const text = [
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
  { type: 'content_block_stop', index: 0 },
];
const end = [
  { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 5 } },
  { type: 'message_stop' },
];

describe(createAnthropicToOpenAiStream.name, () => {
  it('gives the same chunks however the bytes are cut, cached tokens counted in prompt_tokens', async () => {
    const input = sse([start, ...text, ...end]);

    const whole = await run(input, true);
    const byteByByte = await run(input, true, 1);

    expect(byteByByte).toEqual(whole);
    expect(whole.at(-1)).toBe('[DONE]');
    const chunks = whole.slice(0, -1).map((data) => JSON.parse(data) as Record<string, unknown>);
    expect(chunks).toEqual([
      expect.objectContaining({
        id: 'msg_1',
        model: 'claude-x',
        created: 1,
        choices: [expect.objectContaining({ delta: { role: 'assistant', content: '' } })],
      }),
      expect.objectContaining({ choices: [expect.objectContaining({ delta: { content: 'Hi' } })] }),
      expect.objectContaining({ choices: [expect.objectContaining({ delta: {}, finish_reason: 'length' })] }),
      expect.objectContaining({
        choices: [],
        usage: {
          prompt_tokens: 16,
          completion_tokens: 5,
          total_tokens: 21,
          prompt_tokens_details: { cached_tokens: 4 },
        },
      }),
    ]);
  });

  it('turns an upstream error event into an OpenAI error event that ends the stream', async () => {
    const output = await run(
      sse([
        start,
        text[0] ?? {},
        { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
        ...end,
      ]),
      false,
    );

    expect(JSON.parse(output.at(-1) ?? '')).toEqual({
      error: { message: 'Overloaded', type: 'overloaded_error', code: null, param: null },
    });
    expect(output).not.toContain('[DONE]');
  });

  it('fails when the upstream stream ends before message_stop', async () => {
    const failure = await run(sse([start, ...text]), false).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UpstreamStreamError);
    expect((failure as UpstreamStreamError).failure.kind).toBe('invalid-response');
  });
});
