import {
  DEFAULT_REPLY_TEXT,
  estimateTokens,
  splitFragments,
  splitWords,
  type FakeReply,
} from './fake-llm-script.js';

/** A JSON object as parsed from a request body. */
export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of an OpenAI message content or an Anthropic content: a string or its text parts. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) =>
      isJsonObject(part) && part.type === 'text' && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}

/** The text of the last `user` message of a `messages` array. */
export function lastUserText(messages: readonly unknown[]): string {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (isJsonObject(message) && message.role === 'user') return textOf(message.content);
  }
  return '';
}

/** One event of a streamed reply; `unit` marks a content delta (what a gate or stall counts). */
export interface WireEvent {
  event?: string;
  data: string;
  unit: boolean;
}

export interface PlannedToolCall {
  id: string;
  name: string;
  arguments: string;
  fragments: string[];
}

/** What the fake will answer, independent of the wire format. */
export interface ReplyPlan {
  text: string;
  chunks: string[];
  toolCalls: PlannedToolCall[];
  inputTokens: number;
  outputTokens: number;
  truncated: boolean;
  noUsage: boolean;
}

export interface ReceivedPrompt {
  /** The last user message's text, for echo. */
  lastUserText: string;
  /** All of the prompt, for the token estimate. */
  promptText: string;
}

/** Combines a scripted reply with what the request said into one plan. */
export function planReply(reply: FakeReply, prompt: ReceivedPrompt, nextId: () => string): ReplyPlan {
  const toolCalls = (reply.toolCalls ?? []).map((call): PlannedToolCall => {
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
    return { id: call.id ?? nextId(), name: call.name, arguments: args, fragments: splitFragments(args) };
  });
  let chunks: string[];
  if (reply.stream?.chunks !== undefined) {
    chunks = [...reply.stream.chunks];
  } else {
    const text =
      reply.echo === true
        ? prompt.lastUserText
        : (reply.text ?? (toolCalls.length > 0 ? '' : DEFAULT_REPLY_TEXT));
    chunks = splitWords(text);
  }
  const text = chunks.join('');
  const generated = text + toolCalls.map((call) => call.name + call.arguments).join('');
  return {
    text,
    chunks,
    toolCalls,
    inputTokens: reply.usage?.inputTokens ?? estimateTokens(prompt.promptText),
    outputTokens: reply.usage?.outputTokens ?? estimateTokens(generated),
    truncated: reply.truncated ?? false,
    noUsage: reply.noUsage ?? false,
  };
}

/** The stop reason Anthropic and Bedrock (which shares Anthropic's vocabulary) give a plan. */
export function stopReasonOf(plan: ReplyPlan): string {
  if (plan.truncated) return 'max_tokens';
  return plan.toolCalls.length > 0 ? 'tool_use' : 'end_turn';
}

/** A planned tool call's arguments as a value, `{}` when they are not JSON. */
export function toolInputOf(argumentsJson: string): unknown {
  try {
    return JSON.parse(argumentsJson) as unknown;
  } catch {
    return {};
  }
}
