import { chatCompletion, type ChatAnswerMeta } from '../chat-output.js';
import type { ChatCompletion, ChatFinishReason, ChatToolCall, ChatUsage } from '../openai-wire.js';
import type { ConverseResponse, ConverseUsage } from './bedrock-wire.js';

/** Converse's `stopReason` in OpenAI's vocabulary. */
export function toFinishReason(stopReason: string): ChatFinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      // end_turn, stop_sequence
      return 'stop';
  }
}

/** Converse counts cached prompt tokens apart; OpenAI's `prompt_tokens` includes them. */
export function toChatUsage(usage: ConverseUsage): ChatUsage {
  const cached = usage.cacheReadInputTokens ?? 0;
  const prompt = (usage.inputTokens ?? 0) + cached + (usage.cacheWriteInputTokens ?? 0);
  const completion = usage.outputTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage.totalTokens ?? prompt + completion,
    prompt_tokens_details: { cached_tokens: cached },
  };
}

/**
 * A non-streamed Converse response as an OpenAI chat completion: text blocks joined into
 * `content`, `toolUse` blocks as `tool_calls`, usage and finish reason mapped. Converse answers
 * carry no id or model name: the caller gives them.
 */
export function toOpenAiCompletion(response: ConverseResponse, meta: ChatAnswerMeta): ChatCompletion {
  let text = '';
  const toolCalls: ChatToolCall[] = [];
  for (const block of response.output.message.content) {
    if (block.text !== undefined) text += block.text;
    if (block.toolUse !== undefined) {
      toolCalls.push({
        id: block.toolUse.toolUseId,
        type: 'function',
        function: { name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) },
      });
    }
  }
  return chatCompletion(meta, {
    text,
    toolCalls,
    finishReason: toFinishReason(response.stopReason),
    usage: toChatUsage(response.usage),
  });
}
