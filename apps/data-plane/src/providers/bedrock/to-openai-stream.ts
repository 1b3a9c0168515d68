import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { chatChunk } from '../chat-output.js';
import type { ChatChunkDelta, ChatCompletionChunk, ChatFinishReason, ChatUsage } from '../openai-wire.js';
import { UpstreamStreamError } from '../upstream-stream-error.js';
import { converseStreamEventSchemas, type ConverseStreamEventType } from './bedrock-wire.js';
import { EventStreamDecoder, type EventStreamMessage } from './event-stream-decoder.js';
import { toChatUsage, toFinishReason } from './to-openai-completion.js';

type ConverseStreamEvent = {
  [Type in ConverseStreamEventType]: {
    type: Type;
    payload: z.infer<(typeof converseStreamEventSchemas)[Type]>;
  };
}[ConverseStreamEventType];

type TranslatedEvent = ConverseStreamEvent | { type: 'exception'; error: StreamException };

/** A mid-stream exception, as the OpenAI error object the client gets in an SSE event. */
interface StreamException {
  message: string;
  type: string;
  code: string;
}

function invalid(message: string): UpstreamStreamError {
  return new UpstreamStreamError({ kind: 'invalid-response', message });
}

function isEventType(type: string | undefined): type is ConverseStreamEventType {
  return type !== undefined && Object.hasOwn(converseStreamEventSchemas, type);
}

function payloadOf(message: EventStreamMessage): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(message.body)) as unknown;
  } catch {
    throw invalid('an event payload is not JSON');
  }
}

function exceptionOf(message: EventStreamMessage): StreamException {
  const name = message.headers[':exception-type'] ?? message.headers[':error-code'] ?? 'exception';
  const payload = message.body.byteLength === 0 ? undefined : payloadOf(message);
  const text =
    typeof payload === 'object' &&
    payload !== null &&
    'message' in payload &&
    typeof payload.message === 'string'
      ? payload.message
      : (message.headers[':error-message'] ?? `Bedrock stream failed (${name})`);
  const type = /^throttling/i.test(name)
    ? 'rate_limit_error'
    : /^validation/i.test(name)
      ? 'invalid_request_error'
      : 'server_error';
  return { message: text, type, code: name };
}

/** A decoded message as a known event, an exception, or undefined for what the translation skips. */
function eventOf(message: EventStreamMessage): TranslatedEvent | undefined {
  const kind = message.headers[':message-type'];
  if (kind === 'exception' || kind === 'error') return { type: 'exception', error: exceptionOf(message) };
  const type = message.headers[':event-type'];
  if (kind !== 'event' || !isEventType(type)) return undefined;
  const parsed = converseStreamEventSchemas[type].safeParse(payloadOf(message));
  if (!parsed.success) throw invalid(`a ${type} event has an unexpected shape`);
  return { type, payload: parsed.data } as ConverseStreamEvent;
}

/**
 * Translates a Bedrock ConverseStream body (binary AWS event stream) into OpenAI chat completion
 * chunks as each event arrives: a role chunk on `messageStart`, content deltas for text, tool calls
 * with incremental `function.arguments` for `toolUse` blocks, the finish reason on `messageStop`,
 * then (when `includeUsage`) a usage chunk from `metadata`, then `[DONE]`. An exception event
 * becomes an OpenAI-style `{"error": …}` event that ends the stream; a broken frame or a stream
 * that ends before `messageStop` fails it with an `UpstreamStreamError`.
 *
 * @example
 * const openAiSse = eventStream.pipeThrough(createConverseToOpenAiStream({ includeUsage: true, model }));
 */
export function createConverseToOpenAiStream(options: {
  includeUsage: boolean;
  model: string;
  id?: string;
  created?: number;
}): TransformStream<Uint8Array, Uint8Array> {
  const encoder = new TextEncoder();
  const decoder = new EventStreamDecoder();
  const id = options.id ?? `chatcmpl-${randomUUID()}`;
  const created = options.created ?? Math.floor(Date.now() / 1000);
  const { model } = options;
  const toolIndexByBlock = new Map<number, number>();
  let stopped = false;
  let done = false;

  const sse = (value: unknown): Uint8Array => encoder.encode(`data: ${JSON.stringify(value)}\n\n`);
  const chunk = (delta: ChatChunkDelta, finish: ChatFinishReason | null = null): Uint8Array =>
    sse(chatChunk({ id, model, created }, delta, finish, options.includeUsage));
  const finish = (controller: TransformStreamDefaultController<Uint8Array>, usage?: ChatUsage): void => {
    if (options.includeUsage && usage !== undefined) {
      const final: ChatCompletionChunk = {
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [],
        usage,
      };
      controller.enqueue(sse(final));
    }
    controller.enqueue(encoder.encode('data: [DONE]\n\n'));
    done = true;
  };

  const translate = (
    event: TranslatedEvent,
    controller: TransformStreamDefaultController<Uint8Array>,
  ): void => {
    switch (event.type) {
      case 'exception':
        controller.enqueue(sse({ error: { ...event.error, param: null } }));
        done = true;
        controller.terminate();
        return;
      case 'messageStart':
        controller.enqueue(chunk({ role: 'assistant', content: '' }));
        return;
      case 'contentBlockStart': {
        const tool = event.payload.start.toolUse;
        if (tool === undefined) return;
        const index = toolIndexByBlock.size;
        toolIndexByBlock.set(event.payload.contentBlockIndex, index);
        controller.enqueue(
          chunk({
            tool_calls: [
              { index, id: tool.toolUseId, type: 'function', function: { name: tool.name, arguments: '' } },
            ],
          }),
        );
        return;
      }
      case 'contentBlockDelta': {
        const { delta, contentBlockIndex } = event.payload;
        if (delta.text !== undefined && delta.text !== '') {
          controller.enqueue(chunk({ content: delta.text }));
        } else if (delta.toolUse !== undefined && delta.toolUse.input !== '') {
          const index = toolIndexByBlock.get(contentBlockIndex);
          if (index !== undefined) {
            controller.enqueue(
              chunk({ tool_calls: [{ index, function: { arguments: delta.toolUse.input } }] }),
            );
          }
        }
        return;
      }
      case 'messageStop':
        controller.enqueue(chunk({}, toFinishReason(event.payload.stopReason)));
        stopped = true;
        return;
      case 'metadata':
        // Usage comes after messageStop, in its own event.
        if (stopped) finish(controller, toChatUsage(event.payload.usage));
        return;
      case 'contentBlockStop':
        return;
    }
  };

  const handle = (bytes: Uint8Array, controller: TransformStreamDefaultController<Uint8Array>): void => {
    let messages: EventStreamMessage[];
    try {
      messages = decoder.push(bytes);
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error));
    }
    for (const message of messages) {
      if (done) return;
      const event = eventOf(message);
      if (event !== undefined) translate(event, controller);
    }
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(bytes, controller) {
      if (!done) handle(bytes, controller);
    },
    flush(controller) {
      if (done) return;
      try {
        decoder.end();
      } catch (error) {
        throw invalid(error instanceof Error ? error.message : String(error));
      }
      // A stream that stopped but sent no metadata: complete, with no usage to report.
      if (stopped) finish(controller);
      else throw invalid('the stream ended before messageStop');
    },
  });
}
