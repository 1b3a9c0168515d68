import { translateSse } from '../sse-parser.js';
import {
  chatChunkSchema,
  chatStreamErrorSchema,
  type OpenAiChatChunk,
  type OpenAiToolCallDelta,
  type OpenAiUsage,
} from './chat-response-schema.js';
import {
  invalidResponse,
  messageId,
  toAnthropicUsage,
  toStopReason,
  type AnthropicStopReason,
} from './to-anthropic-message.js';

/** OpenAI's error `type` (or `code`) in Anthropic's error vocabulary. */
function anthropicErrorType(type: string | null | undefined, code: unknown): string {
  const names = `${type ?? ''} ${typeof code === 'string' ? code : ''}`;
  if (/rate_limit|requests|tokens|quota/i.test(names)) return 'rate_limit_error';
  if (/invalid_request/i.test(names)) return 'invalid_request_error';
  if (/overloaded|unavailable/i.test(names)) return 'overloaded_error';
  return 'api_error';
}

type Data =
  '[DONE]' | { error: { message?: string | null; type?: string | null; code?: unknown } } | OpenAiChatChunk;

function parseData(data: string): Data {
  if (data === '[DONE]') return data;
  let value: unknown;
  try {
    value = JSON.parse(data) as unknown;
  } catch {
    throw invalidResponse('an event is not JSON');
  }
  const failure = chatStreamErrorSchema.safeParse(value);
  if (failure.success) return failure.data;
  const chunk = chatChunkSchema.safeParse(value);
  if (!chunk.success) throw invalidResponse('a chunk has an unexpected shape');
  return chunk.data;
}

/** The content block being written: Anthropic's blocks come one after the other. */
type OpenBlock = { kind: 'text'; index: number } | { kind: 'tool'; index: number; call: number };

/**
 * Translates an OpenAI chat completions SSE stream into Anthropic Messages events as each chunk
 * arrives: `message_start` on the first chunk with choices, a text block for content deltas, a
 * `tool_use` block per tool call index with its argument fragments as `input_json_delta`s (each
 * block closed when the next one opens or the choice finishes), then on `[DONE]` a
 * `message_delta` with the stop reason and the usage of the final usage chunk, and `message_stop`.
 * An upstream `{"error": …}` event becomes an Anthropic `error` event that ends the stream; a
 * malformed chunk, or a stream that ends before its finish reason, fails it with an
 * `UpstreamStreamError`.
 *
 * @example
 * const anthropicSse = openAiSse.pipeThrough(createOpenAiToAnthropicStream({ stopSequences: [] }));
 */
export function createOpenAiToAnthropicStream(options: {
  stopSequences: readonly string[];
}): TransformStream<Uint8Array, Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  let done = false;
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  /** Anthropic block index by OpenAI tool call index. */
  const toolBlocks = new Map<number, number>();
  let finish: { stop_reason: AnthropicStopReason; stop_sequence: string | null } | undefined;
  let usage: OpenAiUsage | undefined;

  const emit = (
    controller: TransformStreamDefaultController<Uint8Array>,
    type: string,
    body: object,
  ): void => {
    controller.enqueue(encoder.encode(`event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`));
  };
  const close = (controller: TransformStreamDefaultController<Uint8Array>): void => {
    if (open === undefined) return;
    emit(controller, 'content_block_stop', { index: open.index });
    open = undefined;
  };
  /** Closes the open block and opens the next one; returns its index. */
  const openBlock = (
    controller: TransformStreamDefaultController<Uint8Array>,
    contentBlock: { type: 'text'; text: '' } | { type: 'tool_use'; id: string; name: string; input: object },
    call?: number,
  ): number => {
    close(controller);
    const index = nextIndex;
    nextIndex += 1;
    open = call === undefined ? { kind: 'text', index } : { kind: 'tool', index, call };
    emit(controller, 'content_block_start', { index, content_block: contentBlock });
    return index;
  };

  const start = (controller: TransformStreamDefaultController<Uint8Array>, chunk: OpenAiChatChunk): void => {
    started = true;
    emit(controller, 'message_start', {
      message: {
        id: messageId(chunk.id),
        type: 'message',
        role: 'assistant',
        model: chunk.model ?? '',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // Usually only known at the end (then sent in message_delta); some servers report it early.
        usage: toAnthropicUsage(chunk.usage),
      },
    });
  };

  const toolDelta = (
    controller: TransformStreamDefaultController<Uint8Array>,
    call: OpenAiToolCallDelta,
  ): void => {
    let index = toolBlocks.get(call.index);
    if (index === undefined) {
      const name = call.function?.name;
      if (typeof call.id !== 'string' || typeof name !== 'string') {
        throw invalidResponse('a tool call starts without its id and name');
      }
      index = openBlock(controller, { type: 'tool_use', id: call.id, name, input: {} }, call.index);
      toolBlocks.set(call.index, index);
    } else if (open?.kind !== 'tool' || open.call !== call.index) {
      // Anthropic's blocks cannot interleave: a finished tool call cannot get more arguments.
      throw invalidResponse('tool call arguments arrived after the next block began');
    }
    const fragment = call.function?.arguments ?? '';
    if (fragment !== '') {
      emit(controller, 'content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: fragment },
      });
    }
  };

  const translate = (
    controller: TransformStreamDefaultController<Uint8Array>,
    chunk: OpenAiChatChunk,
  ): void => {
    if (chunk.usage !== null && chunk.usage !== undefined) usage = chunk.usage;
    // Only choice 0 is asked for; Azure opens with a chunk of prompt filter results and no choice.
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    if (choice === undefined) return;
    if (!started) start(controller, chunk);
    const text = (choice.delta?.content ?? '') + (choice.delta?.refusal ?? '');
    if (text !== '') {
      const index = open?.kind === 'text' ? open.index : openBlock(controller, { type: 'text', text: '' });
      emit(controller, 'content_block_delta', { index, delta: { type: 'text_delta', text } });
    }
    for (const call of choice.delta?.tool_calls ?? []) toolDelta(controller, call);
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      finish = toStopReason(choice.finish_reason, choice.stop_reason, options.stopSequences);
      close(controller);
    }
  };

  const end = (controller: TransformStreamDefaultController<Uint8Array>): void => {
    if (finish === undefined) throw invalidResponse('the stream ended before its finish reason');
    close(controller);
    const { input_tokens, output_tokens, cache_read_input_tokens } = toAnthropicUsage(usage);
    emit(controller, 'message_delta', {
      delta: finish,
      // Cumulative, as Anthropic's are: the input count is only known now.
      usage: { input_tokens, output_tokens, cache_read_input_tokens },
    });
    emit(controller, 'message_stop', {});
    done = true;
  };

  return translateSse({
    onData: (data, controller) => {
      const parsed = parseData(data);
      if (parsed === '[DONE]') end(controller);
      else if ('error' in parsed) {
        emit(controller, 'error', {
          error: {
            type: anthropicErrorType(parsed.error.type, parsed.error.code),
            message: parsed.error.message ?? 'The model’s provider failed mid-stream',
          },
        });
        done = true;
        controller.terminate();
      } else translate(controller, parsed);
      return done ? 'done' : 'more';
    },
    // A server that ends without [DONE] after its finish reason still gave a whole answer.
    onEnd: end,
  });
}
