import { randomUUID } from 'node:crypto';
import type { AnthropicTextBlock, AnthropicToolUseBlock } from '../anthropic-wire.js';
import type { JsonObject } from '../openai-wire.js';
import { UpstreamStreamError } from '../upstream-stream-error.js';
import type { OpenAiChatCompletion, OpenAiUsage } from './chat-response-schema.js';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/** Anthropic's usage object; cached prompt tokens are counted apart from `input_tokens`. */
export interface AnthropicUsageOut {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** A non-streamed Messages response, as the Anthropic client reads it. */
export interface AnthropicMessageOut {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: (AnthropicTextBlock | AnthropicToolUseBlock)[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsageOut;
}

export function invalidResponse(message: string): UpstreamStreamError {
  return new UpstreamStreamError({ kind: 'invalid-response', message });
}

/** `msg_` and the provider's completion id (its letters and digits), or a fresh one. */
export function messageId(upstreamId: string | null | undefined): string {
  const kept = (upstreamId ?? '').replace(/[^A-Za-z0-9]/g, '');
  return `msg_${kept === '' ? randomUUID().replace(/-/g, '') : kept}`;
}

/**
 * OpenAI's `finish_reason` in Anthropic's vocabulary. OpenAI does not say which stop sequence
 * ended an answer, but vLLM does (`stop_reason`): when it names one of the request's sequences,
 * the answer stopped on it.
 */
export function toStopReason(
  finishReason: string | null | undefined,
  stopReason: string | number | null | undefined,
  stopSequences: readonly string[],
): { stop_reason: AnthropicStopReason; stop_sequence: string | null } {
  switch (finishReason) {
    case 'length':
      return { stop_reason: 'max_tokens', stop_sequence: null };
    case 'tool_calls':
    case 'function_call':
      return { stop_reason: 'tool_use', stop_sequence: null };
    case 'content_filter':
      // The provider's filter cut the answer: Anthropic's word for a safety stop.
      return { stop_reason: 'refusal', stop_sequence: null };
    default:
      return typeof stopReason === 'string' && stopSequences.includes(stopReason)
        ? { stop_reason: 'stop_sequence', stop_sequence: stopReason }
        : { stop_reason: 'end_turn', stop_sequence: null };
  }
}

/** OpenAI's `prompt_tokens` includes cached tokens; Anthropic's `input_tokens` does not. */
export function toAnthropicUsage(usage: OpenAiUsage | null | undefined): AnthropicUsageOut {
  const prompt = usage?.prompt_tokens ?? 0;
  const cached = Math.min(prompt, usage?.prompt_tokens_details?.cached_tokens ?? 0);
  return {
    input_tokens: prompt - cached,
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

/** A tool call's `arguments` JSON as a `tool_use` input; the model's answer is unusable otherwise. */
export function toolUseInput(argumentsJson: string): JsonObject {
  let input: unknown;
  try {
    input = JSON.parse(argumentsJson === '' ? '{}' : argumentsJson) as unknown;
  } catch {
    throw invalidResponse('tool call arguments are not JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidResponse('tool call arguments are not a JSON object');
  }
  return input as JsonObject;
}

/**
 * A non-streamed OpenAI chat completion as an Anthropic message: the text (a refusal's too) as a
 * text block, each tool call as a `tool_use` block (its arguments parsed), stop reason and usage
 * mapped. Arguments that are not a JSON object make the answer invalid.
 */
export function toAnthropicMessage(
  completion: OpenAiChatCompletion,
  stopSequences: readonly string[],
): AnthropicMessageOut {
  const [choice] = completion.choices;
  const content: AnthropicMessageOut['content'] = [];
  const text = (choice?.message.content ?? '') + (choice?.message.refusal ?? '');
  if (text !== '') content.push({ type: 'text', text });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: toolUseInput(call.function.arguments),
    });
  }
  return {
    id: messageId(completion.id),
    type: 'message',
    role: 'assistant',
    model: completion.model ?? '',
    content,
    ...toStopReason(choice?.finish_reason, choice?.stop_reason, stopSequences),
    usage: toAnthropicUsage(completion.usage),
  };
}
