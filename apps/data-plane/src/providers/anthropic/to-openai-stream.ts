import {
  anthropicStreamEventSchema,
  type AnthropicStreamEvent,
  type AnthropicUsage,
} from '../anthropic-wire.js';
import { chatChunk } from '../chat-output.js';
import type { ChatChunkDelta, ChatCompletionChunk, ChatFinishReason } from '../openai-wire.js';
import { translateSse } from '../sse-parser.js';
import { UpstreamStreamError } from '../upstream-stream-error.js';
import { toChatUsage, toFinishReason } from './to-openai-completion.js';

const KNOWN_EVENTS = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);

function invalid(message: string): UpstreamStreamError {
  return new UpstreamStreamError({ kind: 'invalid-response', message });
}

function parseEvent(data: string): AnthropicStreamEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data) as unknown;
  } catch {
    throw invalid('an event is not JSON');
  }
  const type = typeof value === 'object' && value !== null && 'type' in value ? value.type : undefined;
  if (typeof type !== 'string' || !KNOWN_EVENTS.has(type)) return undefined;
  const parsed = anthropicStreamEventSchema.safeParse(value);
  if (!parsed.success) throw invalid(`a ${type} event has an unexpected shape`);
  return parsed.data;
}

/**
 * Translates an Anthropic Messages SSE stream into OpenAI chat completion chunks as each event
 * arrives: a role chunk on `message_start`, content deltas for `text_delta`, `tool_calls` with
 * incremental `function.arguments` for `tool_use` blocks and `input_json_delta`, the finish reason
 * on `message_stop`, then (when `includeUsage`) a usage chunk with no choices, then `[DONE]`.
 * An upstream `error` event becomes an OpenAI-style `{"error": …}` event that ends the stream.
 *
 * @example
 * const openAiSse = anthropicSse.pipeThrough(createAnthropicToOpenAiStream({ includeUsage: true }));
 */
export function createAnthropicToOpenAiStream(options: {
  includeUsage: boolean;
  created?: number;
}): TransformStream<Uint8Array, Uint8Array> {
  const encoder = new TextEncoder();
  const created = options.created ?? Math.floor(Date.now() / 1000);
  let id = '';
  let model = '';
  let usage: AnthropicUsage = {};
  let finishReason: ChatFinishReason = 'stop';
  let done = false;
  const toolIndexByBlock = new Map<number, number>();

  const chunk = (delta: ChatChunkDelta, finish: ChatFinishReason | null = null): Uint8Array =>
    encoder.encode(
      `data: ${JSON.stringify(chatChunk({ id, model, created }, delta, finish, options.includeUsage))}\n\n`,
    );

  const translate = (
    event: AnthropicStreamEvent,
    controller: TransformStreamDefaultController<Uint8Array>,
  ): void => {
    switch (event.type) {
      case 'message_start':
        id = event.message.id;
        model = event.message.model;
        usage = { ...event.message.usage };
        controller.enqueue(chunk({ role: 'assistant', content: '' }));
        return;
      case 'content_block_start': {
        const block = event.content_block;
        if ('id' in block) {
          const index = toolIndexByBlock.size;
          toolIndexByBlock.set(event.index, index);
          controller.enqueue(
            chunk({
              tool_calls: [
                { index, id: block.id, type: 'function', function: { name: block.name, arguments: '' } },
              ],
            }),
          );
        }
        return;
      }
      case 'content_block_delta': {
        const { delta } = event;
        if ('text' in delta && delta.text !== '') {
          controller.enqueue(chunk({ content: delta.text }));
        } else if ('partial_json' in delta && delta.partial_json !== '') {
          const index = toolIndexByBlock.get(event.index);
          if (index !== undefined) {
            controller.enqueue(
              chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] }),
            );
          }
        }
        return;
      }
      case 'message_delta':
        finishReason = toFinishReason(event.delta.stop_reason);
        if (event.usage !== null && event.usage !== undefined) {
          // message_delta usage is cumulative; fields it leaves out keep message_start's values.
          const update = event.usage;
          usage = {
            input_tokens: update.input_tokens ?? usage.input_tokens,
            output_tokens: update.output_tokens ?? usage.output_tokens,
            cache_creation_input_tokens:
              update.cache_creation_input_tokens ?? usage.cache_creation_input_tokens,
            cache_read_input_tokens: update.cache_read_input_tokens ?? usage.cache_read_input_tokens,
          };
        }
        return;
      case 'message_stop': {
        controller.enqueue(chunk({}, finishReason));
        if (options.includeUsage) {
          const final: ChatCompletionChunk = {
            id,
            object: 'chat.completion.chunk',
            created,
            model,
            choices: [],
            usage: toChatUsage(usage),
          };
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(final)}\n\n`));
        }
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        done = true;
        return;
      }
      case 'error':
        controller.enqueue(
          encoder.encode(
            `data: ${JSON.stringify({ error: { message: event.error.message, type: event.error.type, code: null, param: null } })}\n\n`,
          ),
        );
        done = true;
        controller.terminate();
        return;
      case 'content_block_stop':
      case 'ping':
        return;
    }
  };

  return translateSse({
    onData: (data, controller) => {
      const event = parseEvent(data);
      if (event !== undefined) translate(event, controller);
      return done ? 'done' : 'more';
    },
    onEnd: () => {
      throw invalid('the stream ended before message_stop');
    },
  });
}
