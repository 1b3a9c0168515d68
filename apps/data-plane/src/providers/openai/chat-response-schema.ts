import { z } from 'zod';

/**
 * OpenAI chat completion answers as far as the translation to Anthropic reads them. Lenient where
 * OpenAI-compatible servers differ (missing `usage`, `null`s); vLLM's `stop_reason` names the stop
 * sequence that ended the answer.
 */

const usageSchema = z.object({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
});
export type OpenAiUsage = z.infer<typeof usageSchema>;

const finishSchema = {
  finish_reason: z.string().nullish(),
  stop_reason: z.union([z.string(), z.number()]).nullish(),
};

export const chatCompletionSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({ id: z.string(), function: z.object({ name: z.string(), arguments: z.string() }) }),
            )
            .nullish(),
        }),
        ...finishSchema,
      }),
    )
    .min(1),
  usage: usageSchema.nullish(),
});
export type OpenAiChatCompletion = z.infer<typeof chatCompletionSchema>;

const toolCallDeltaSchema = z.object({
  index: z.number(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
export type OpenAiToolCallDelta = z.infer<typeof toolCallDeltaSchema>;

export const chatChunkSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        delta: z
          .object({
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            tool_calls: z.array(toolCallDeltaSchema).nullish(),
          })
          .nullish(),
        ...finishSchema,
      }),
    )
    .nullish(),
  usage: usageSchema.nullish(),
});
export type OpenAiChatChunk = z.infer<typeof chatChunkSchema>;

/** A mid-stream failure, as OpenAI sends it in a `data:` event. */
export const chatStreamErrorSchema = z.object({
  error: z.object({ message: z.string().nullish(), type: z.string().nullish(), code: z.unknown() }),
});
