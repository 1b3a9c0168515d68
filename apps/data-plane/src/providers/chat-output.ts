import type {
  ChatChunkDelta,
  ChatCompletion,
  ChatCompletionChunk,
  ChatFinishReason,
  ChatToolCall,
  ChatUsage,
} from './openai-wire.js';

/** What identifies a translated answer to the client: OpenAI's `id`, `model` and `created`. */
export interface ChatAnswerMeta {
  id: string;
  model: string;
  created: number;
}

/**
 * An OpenAI chat completion with one choice, from a translated answer's text and tool calls
 * (`content` is null when the model only called tools).
 */
export function chatCompletion(
  meta: ChatAnswerMeta,
  answer: { text: string; toolCalls: ChatToolCall[]; finishReason: ChatFinishReason; usage: ChatUsage },
): ChatCompletion {
  const { text, toolCalls } = answer;
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: answer.usage,
  };
}

/**
 * One translated stream chunk for choice 0; with `includeUsage` it carries `usage: null`, as
 * OpenAI's chunks do before the final usage chunk.
 */
export function chatChunk(
  meta: ChatAnswerMeta,
  delta: ChatChunkDelta,
  finish: ChatFinishReason | null,
  includeUsage: boolean,
): ChatCompletionChunk {
  const chunk: ChatCompletionChunk = {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
  if (includeUsage) chunk.usage = null;
  return chunk;
}
