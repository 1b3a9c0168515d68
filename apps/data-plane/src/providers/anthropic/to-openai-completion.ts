import type { AnthropicResponse, AnthropicUsage } from '../anthropic-wire.js';
import { chatCompletion } from '../chat-output.js';
import type { ChatCompletion, ChatFinishReason, ChatToolCall, ChatUsage } from '../openai-wire.js';

/** Anthropic's `stop_reason` in OpenAI's vocabulary. */
export function toFinishReason(stopReason: string | null | undefined): ChatFinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Anthropic counts cached prompt tokens apart; OpenAI's `prompt_tokens` includes them. */
export function toChatUsage(usage: AnthropicUsage): ChatUsage {
  const cached = usage.cache_read_input_tokens ?? 0;
  const prompt = (usage.input_tokens ?? 0) + cached + (usage.cache_creation_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached },
  };
}

/**
 * A non-streamed Anthropic message as an OpenAI chat completion: text blocks joined into
 * `content`, `tool_use` blocks as `tool_calls`, usage and finish reason mapped.
 */
export function toOpenAiCompletion(message: AnthropicResponse, created: number): ChatCompletion {
  let text = '';
  const toolCalls: ChatToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  return chatCompletion(
    { id: message.id, model: message.model, created },
    { text, toolCalls, finishReason: toFinishReason(message.stop_reason), usage: toChatUsage(message.usage) },
  );
}
