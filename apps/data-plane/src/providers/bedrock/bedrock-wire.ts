import { z } from 'zod';
import type { JsonObject, JsonValue } from '../openai-wire.js';

/**
 * The parts of the Bedrock Converse / ConverseStream wire format the adapter writes or reads
 * (`bedrock-runtime` REST-JSON; the stream is `application/vnd.amazon.eventstream`).
 */

export type ConverseImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export type ConverseToolResultContent = { json: JsonObject } | { text: string };

export type ConverseContentBlock =
  | { text: string }
  | { image: { format: ConverseImageFormat; source: { bytes: string } } }
  | { toolUse: { toolUseId: string; name: string; input: JsonValue } }
  | { toolResult: { toolUseId: string; content: ConverseToolResultContent[] } };

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseContentBlock[];
}

export interface ConverseTool {
  toolSpec: { name: string; description?: string; inputSchema: { json: JsonObject } };
}

export type ConverseToolChoice = { auto: JsonObject } | { any: JsonObject } | { tool: { name: string } };

export interface ConverseInferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

/** The body of `POST /model/{modelId}/converse` (and `/converse-stream`); the model is in the path. */
export interface ConverseRequest {
  messages: ConverseMessage[];
  system?: { text: string }[];
  inferenceConfig?: ConverseInferenceConfig;
  toolConfig?: { tools: ConverseTool[]; toolChoice?: ConverseToolChoice };
}

const usageSchema = z.object({
  inputTokens: z.number().nullish(),
  outputTokens: z.number().nullish(),
  totalTokens: z.number().nullish(),
  cacheReadInputTokens: z.number().nullish(),
  cacheWriteInputTokens: z.number().nullish(),
});
export type ConverseUsage = z.infer<typeof usageSchema>;

// Reasoning, citations, images and other blocks have no OpenAI counterpart here; they are dropped.
const responseBlockSchema = z.object({
  text: z.string().optional(),
  toolUse: z.object({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).optional(),
});

/** A non-streamed Converse response, as far as the translation reads it. */
export const converseResponseSchema = z.object({
  output: z.object({
    message: z.object({ role: z.literal('assistant'), content: z.array(responseBlockSchema) }),
  }),
  stopReason: z.string(),
  usage: usageSchema,
});
export type ConverseResponse = z.infer<typeof converseResponseSchema>;

/** The payloads of the ConverseStream events the translation reads, by `:event-type`. */
export const converseStreamEventSchemas = {
  messageStart: z.object({ role: z.string() }),
  contentBlockStart: z.object({
    contentBlockIndex: z.number(),
    start: z.object({ toolUse: z.object({ toolUseId: z.string(), name: z.string() }).optional() }),
  }),
  contentBlockDelta: z.object({
    contentBlockIndex: z.number(),
    delta: z.object({
      text: z.string().optional(),
      toolUse: z.object({ input: z.string() }).optional(),
    }),
  }),
  contentBlockStop: z.object({ contentBlockIndex: z.number() }),
  messageStop: z.object({ stopReason: z.string() }),
  metadata: z.object({ usage: usageSchema }),
} as const;

export type ConverseStreamEventType = keyof typeof converseStreamEventSchemas;
