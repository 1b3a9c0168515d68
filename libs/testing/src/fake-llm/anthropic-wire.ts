import type { FakeErrorScript } from './fake-llm-script.js';
import type { JsonReply } from './openai-wire.js';
import {
  isJsonObject,
  lastUserText,
  textOf,
  type JsonObject,
  type ReceivedPrompt,
  stopReasonOf,
  toolInputOf,
  type ReplyPlan,
  type WireEvent,
} from './reply-plan.js';

/** What the fake needs from a Messages request, once it passed validation. */
export interface AnthropicMessagesView extends ReceivedPrompt {
  model: string;
  stream: boolean;
  toolNames: ReadonlySet<string>;
}

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'invalid x-api-key',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'The requested resource could not be found.',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error: 'Number of requests has exceeded your rate limit.',
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
};

const BLOCK_TYPES = new Set([
  'text',
  'image',
  'document',
  'search_result',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
  'server_tool_use',
  'web_search_tool_result',
]);

/** `{type:'error', error:{type,message}, request_id}`, as Anthropic sends it. */
export function anthropicErrorReply(script: FakeErrorScript, requestId: string): JsonReply {
  const type =
    script.type ??
    ERROR_TYPES[script.status] ??
    (script.status >= 500 ? 'api_error' : 'invalid_request_error');
  const headers: Record<string, string> = {};
  if (script.retryAfter !== undefined) headers['retry-after'] = String(script.retryAfter);
  return {
    status: script.status,
    body: {
      type: 'error',
      error: { type, message: script.message ?? DEFAULT_MESSAGES[type] ?? `Error ${script.status}` },
      request_id: requestId,
    },
    headers,
  };
}

function invalid(message: string, requestId: string): JsonReply {
  return anthropicErrorReply({ status: 400, message }, requestId);
}

function blocksOf(content: unknown): readonly JsonObject[] {
  return Array.isArray(content) ? content.filter(isJsonObject) : [];
}

function toolUseIds(message: unknown): string[] {
  if (!isJsonObject(message) || message.role !== 'assistant') return [];
  return blocksOf(message.content)
    .filter((block) => block.type === 'tool_use' && typeof block.id === 'string')
    .map((block) => String(block.id));
}

function checkMessages(messages: readonly unknown[], requestId: string): JsonReply | undefined {
  for (const [index, message] of messages.entries()) {
    if (!isJsonObject(message)) return invalid(`messages.${index}: Input should be an object`, requestId);
    if (message.role === 'system') {
      return invalid(
        'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
        requestId,
      );
    }
    if (message.role !== 'user' && message.role !== 'assistant') {
      return invalid(`messages.${index}.role: Input should be 'user' or 'assistant'`, requestId);
    }
    if (typeof message.content !== 'string' && !Array.isArray(message.content)) {
      return invalid(`messages.${index}.content: Input should be a valid list`, requestId);
    }
    const blocks: readonly unknown[] = Array.isArray(message.content) ? message.content : [];
    const previousToolUses = new Set(index > 0 ? toolUseIds(messages[index - 1]) : []);
    for (const [slot, block] of blocks.entries()) {
      const type = isJsonObject(block) ? block.type : undefined;
      if (typeof type !== 'string' || !BLOCK_TYPES.has(type)) {
        return invalid(
          `messages.${index}.content.${slot}.type: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${[...BLOCK_TYPES].map((tag) => `'${tag}'`).join(', ')}`,
          requestId,
        );
      }
      if (type === 'tool_result' && isJsonObject(block)) {
        const id = typeof block.tool_use_id === 'string' ? block.tool_use_id : '';
        if (!previousToolUses.has(id)) {
          return invalid(
            `messages.${index}.content.${slot}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
            requestId,
          );
        }
      }
    }
    const uses = toolUseIds(message);
    const next = messages[index + 1];
    if (uses.length > 0 && next !== undefined) {
      const answered = new Set(
        blocksOf(isJsonObject(next) ? next.content : undefined)
          .filter((block) => block.type === 'tool_result')
          .map((block) => block.tool_use_id),
      );
      const missing = uses.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        return invalid(
          `messages.${index + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
          requestId,
        );
      }
    }
  }
  return undefined;
}

/** Validates a Messages body the way Anthropic does for the parts a gateway can get wrong. */
export function readAnthropicMessages(body: unknown, requestId: string): AnthropicMessagesView | JsonReply {
  if (!isJsonObject(body)) return invalid('The request body must be a JSON object.', requestId);
  if (typeof body.model !== 'string') return invalid('model: Field required', requestId);
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens)) {
    return invalid('max_tokens: Field required', requestId);
  }
  if (!Array.isArray(body.messages)) return invalid('messages: Field required', requestId);
  const messages: readonly unknown[] = body.messages;
  const problem = checkMessages(messages, requestId);
  if (problem !== undefined) return problem;
  if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 1)) {
    return invalid('temperature: Input should be less than or equal to 1', requestId);
  }
  if (body.system !== undefined && typeof body.system !== 'string' && !Array.isArray(body.system)) {
    return invalid('system: Input should be a valid string', requestId);
  }
  const toolNames = new Set<string>();
  if (Array.isArray(body.tools)) {
    for (const [index, tool] of (body.tools as unknown[]).entries()) {
      if (!isJsonObject(tool) || typeof tool.name !== 'string') {
        return invalid(`tools.${index}.name: Field required`, requestId);
      }
      if (tool.type === undefined && !isJsonObject(tool.input_schema)) {
        return invalid(`tools.${index}.custom.input_schema: Field required`, requestId);
      }
      toolNames.add(tool.name);
    }
  }
  return {
    model: body.model,
    stream: body.stream === true,
    toolNames,
    lastUserText: lastUserText(messages),
    promptText: textOf(body.system) + JSON.stringify(messages),
  };
}

function hasTextBlock(plan: ReplyPlan): boolean {
  return plan.text !== '' || plan.toolCalls.length === 0;
}

export function anthropicMessage(view: AnthropicMessagesView, plan: ReplyPlan, id: string): JsonObject {
  const content: JsonObject[] = [];
  if (hasTextBlock(plan)) content.push({ type: 'text', text: plan.text });
  for (const call of plan.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInputOf(call.arguments) });
  }
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: view.model,
    content,
    stop_reason: stopReasonOf(plan),
    stop_sequence: null,
    usage: {
      input_tokens: plan.inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: plan.outputTokens,
      service_tier: 'standard',
    },
  };
}

/** The named events of a streamed message, `message_stop` included. */
export function anthropicEvents(view: AnthropicMessagesView, plan: ReplyPlan, id: string): WireEvent[] {
  const events: WireEvent[] = [];
  const push = (event: string, value: JsonObject, unit = false): void => {
    events.push({ event, data: JSON.stringify({ type: event, ...value }), unit });
  };
  push('message_start', {
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model: view.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: plan.inputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 1,
        service_tier: 'standard',
      },
    },
  });
  let index = 0;
  const openBlock = (block: JsonObject): void => {
    push('content_block_start', { index, content_block: block });
    if (index === 0) events.push({ event: 'ping', data: JSON.stringify({ type: 'ping' }), unit: false });
  };
  if (hasTextBlock(plan)) {
    openBlock({ type: 'text', text: '' });
    for (const piece of plan.chunks) {
      push('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }, true);
    }
    push('content_block_stop', { index });
    index += 1;
  }
  for (const call of plan.toolCalls) {
    openBlock({ type: 'tool_use', id: call.id, name: call.name, input: {} });
    push('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
    for (const fragment of call.fragments) {
      push(
        'content_block_delta',
        { index, delta: { type: 'input_json_delta', partial_json: fragment } },
        true,
      );
    }
    push('content_block_stop', { index });
    index += 1;
  }
  push('message_delta', {
    delta: { stop_reason: stopReasonOf(plan), stop_sequence: null },
    usage: { output_tokens: plan.outputTokens },
  });
  push('message_stop', {});
  return events;
}

export function anthropicModels(models: readonly string[]): JsonReply {
  const data = models.map((id) => ({
    type: 'model',
    id,
    display_name: id,
    created_at: '2025-01-01T00:00:00Z',
  }));
  return {
    status: 200,
    body: { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null },
  };
}
