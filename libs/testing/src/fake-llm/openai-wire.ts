import { createHash } from 'node:crypto';
import type { FakeErrorScript } from './fake-llm-script.js';
import { estimateTokens } from './fake-llm-script.js';
import {
  isJsonObject,
  lastUserText,
  type JsonObject,
  type ReceivedPrompt,
  type ReplyPlan,
  type WireEvent,
} from './reply-plan.js';

/** A response the fake sends as JSON. */
export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
}

export type OpenAiFlavour = 'openai' | 'azure-openai';

/** What the fake needs from a chat completions request, once it passed validation. */
export interface OpenAiChatView extends ReceivedPrompt {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  /** `response_format` asks for JSON (`json_object` or `json_schema`). */
  jsonMode: boolean;
  toolNames: ReadonlySet<string>;
}

const DEFAULT_OPENAI_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Invalid request.',
  401: 'Incorrect API key provided.',
  403: 'You are not allowed to sample from this model.',
  404: 'The model does not exist or you do not have access to it.',
  429: 'Rate limit reached for requests. Please try again later.',
  500: 'The server had an error while processing your request. Sorry about that!',
  503: 'The engine is currently overloaded, please try again later.',
};

function openAiDefaultType(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function openAiDefaultCode(status: number): string | null {
  if (status === 429) return 'rate_limit_exceeded';
  if (status === 401) return 'invalid_api_key';
  if (status === 404) return 'model_not_found';
  return null;
}

/** `{error:{message,type,param,code}}`, as OpenAI sends it; Azure sends `{error:{code,message}}`. */
export function openAiErrorReply(flavour: OpenAiFlavour, script: FakeErrorScript): JsonReply {
  const message = script.message ?? DEFAULT_OPENAI_MESSAGES[script.status] ?? `Error ${script.status}`;
  const headers: Record<string, string> = {};
  if (script.retryAfter !== undefined) {
    headers['retry-after'] = String(script.retryAfter);
    if (flavour === 'azure-openai' && typeof script.retryAfter === 'number') {
      headers['retry-after-ms'] = String(script.retryAfter * 1000);
    }
  }
  const body =
    flavour === 'azure-openai'
      ? { error: { code: script.code ?? String(script.status), message } }
      : {
          error: {
            message,
            type: script.type ?? openAiDefaultType(script.status),
            param: script.param ?? null,
            code: script.code === undefined ? openAiDefaultCode(script.status) : script.code,
          },
        };
  return { status: script.status, body, headers };
}

export function openAiInvalid(message: string, param: string | null, code: string | null = null): JsonReply {
  return openAiErrorReply('openai', { status: 400, message, param, code, type: 'invalid_request_error' });
}

function mentionsJson(messages: readonly unknown[]): boolean {
  return messages.some(
    (message) =>
      isJsonObject(message) &&
      JSON.stringify(message.content ?? '')
        .toLowerCase()
        .includes('json'),
  );
}

/**
 * OpenAI's rule for tool turns: an assistant message's `tool_calls` are answered by `tool`
 * messages right after it, one per call id, before any other message.
 */
function toolTurnError(messages: readonly unknown[]): JsonReply | undefined {
  let callsAt = -1;
  let awaiting = new Set<string>();
  const unanswered = (): JsonReply =>
    openAiInvalid(
      `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...awaiting].join(', ')}`,
      `messages.[${callsAt}].role`,
    );
  for (const [index, message] of messages.entries()) {
    if (!isJsonObject(message)) continue;
    if (message.role === 'tool') {
      if (callsAt === -1) {
        return openAiInvalid(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${index}].role`,
        );
      }
      const id = String(message.tool_call_id);
      if (!awaiting.delete(id)) {
        return openAiInvalid(
          `Invalid parameter: 'tool_call_id' of '${id}' not found in 'tool_calls' of previous message.`,
          `messages.[${index}].tool_call_id`,
        );
      }
      continue;
    }
    if (awaiting.size > 0) return unanswered();
    const calls = message.role === 'assistant' && Array.isArray(message.tool_calls) ? message.tool_calls : [];
    callsAt = calls.length > 0 ? index : -1;
    awaiting = new Set(calls.map((call: unknown) => String(isJsonObject(call) ? call.id : undefined)));
  }
  return awaiting.size > 0 ? unanswered() : undefined;
}

/** Validates a chat completions body the way OpenAI does for the parts a gateway can get wrong. */
export function readOpenAiChat(body: unknown, modelFallback: string | undefined): OpenAiChatView | JsonReply {
  if (!isJsonObject(body)) return openAiInvalid('The request body must be a JSON object.', null);
  const model = typeof body.model === 'string' ? body.model : modelFallback;
  if (model === undefined) return openAiInvalid('you must provide a model parameter', null);
  if (!Array.isArray(body.messages)) {
    return openAiInvalid("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  const messages: readonly unknown[] = body.messages;
  if (messages.length === 0) {
    return openAiInvalid(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  const toolTurn = toolTurnError(messages);
  if (toolTurn !== undefined) return toolTurn;
  const stream = body.stream === true;
  if (body.stream_options !== undefined && body.stream_options !== null && !stream) {
    return openAiInvalid(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
    );
  }
  const format = isJsonObject(body.response_format) ? body.response_format.type : undefined;
  if (format === 'json_object' && !mentionsJson(messages)) {
    return openAiInvalid(
      "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      'messages',
    );
  }
  const toolNames = new Set<string>();
  if (Array.isArray(body.tools)) {
    for (const tool of body.tools as unknown[]) {
      if (isJsonObject(tool) && isJsonObject(tool.function) && typeof tool.function.name === 'string') {
        toolNames.add(tool.function.name);
      }
    }
  }
  const includeUsage = isJsonObject(body.stream_options) && body.stream_options.include_usage === true;
  return {
    model,
    stream,
    includeUsage,
    jsonMode: format === 'json_object' || format === 'json_schema',
    toolNames,
    lastUserText: lastUserText(messages),
    promptText: JSON.stringify(messages),
  };
}

const SAFE = { filtered: false, severity: 'safe' };
const CONTENT_FILTER_RESULTS = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const PROMPT_FILTER_RESULTS = [{ prompt_index: 0, content_filter_results: CONTENT_FILTER_RESULTS }];

function finishReason(plan: ReplyPlan): string {
  if (plan.truncated) return 'length';
  return plan.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

function usageOf(plan: ReplyPlan): JsonObject {
  return {
    prompt_tokens: plan.inputTokens,
    completion_tokens: plan.outputTokens,
    total_tokens: plan.inputTokens + plan.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

interface CompletionIds {
  id: string;
  created: number;
}

export function openAiChatCompletion(
  flavour: OpenAiFlavour,
  view: OpenAiChatView,
  plan: ReplyPlan,
  ids: CompletionIds,
): JsonObject {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.text === '' && plan.toolCalls.length > 0 ? null : plan.text,
    refusal: null,
    annotations: [],
  };
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  const choice: Record<string, unknown> = {
    index: 0,
    message,
    logprobs: null,
    finish_reason: finishReason(plan),
  };
  const completion: Record<string, unknown> = {
    id: ids.id,
    object: 'chat.completion',
    created: ids.created,
    model: view.model,
    choices: [choice],
    ...(plan.noUsage ? {} : { usage: usageOf(plan) }),
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
  if (flavour === 'azure-openai') {
    choice.content_filter_results = CONTENT_FILTER_RESULTS;
    completion.prompt_filter_results = PROMPT_FILTER_RESULTS;
  }
  return completion;
}

/** The `data:` events of a streamed completion, `[DONE]` included. */
export function openAiChatEvents(
  flavour: OpenAiFlavour,
  view: OpenAiChatView,
  plan: ReplyPlan,
  ids: CompletionIds,
): WireEvent[] {
  const events: WireEvent[] = [];
  const chunk = (delta: JsonObject, finish: string | null, unit: boolean): void => {
    const choice: Record<string, unknown> = { index: 0, delta, logprobs: null, finish_reason: finish };
    if (flavour === 'azure-openai')
      choice.content_filter_results = finish === null ? CONTENT_FILTER_RESULTS : {};
    const value: Record<string, unknown> = {
      id: ids.id,
      object: 'chat.completion.chunk',
      created: ids.created,
      model: view.model,
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
      choices: [choice],
    };
    if (view.includeUsage && !plan.noUsage) value.usage = null;
    events.push({ data: JSON.stringify(value), unit });
  };
  if (flavour === 'azure-openai') {
    // Azure opens every stream with a chunk that has no choices, only the prompt's filter results.
    events.push({
      data: JSON.stringify({
        choices: [],
        created: 0,
        id: '',
        model: '',
        object: '',
        prompt_filter_results: PROMPT_FILTER_RESULTS,
      }),
      unit: false,
    });
  }
  const hasText = plan.chunks.length > 0 || plan.toolCalls.length === 0;
  chunk({ role: 'assistant', content: hasText ? '' : null, refusal: null }, null, false);
  for (const piece of plan.chunks) chunk({ content: piece }, null, true);
  plan.toolCalls.forEach((call, index) => {
    chunk(
      {
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      },
      null,
      false,
    );
    for (const fragment of call.fragments) {
      chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }, null, true);
    }
  });
  chunk({}, finishReason(plan), false);
  if (view.includeUsage && !plan.noUsage) {
    events.push({
      data: JSON.stringify({
        id: ids.id,
        object: 'chat.completion.chunk',
        created: ids.created,
        model: view.model,
        service_tier: 'default',
        system_fingerprint: 'fp_fake',
        choices: [],
        usage: usageOf(plan),
      }),
      unit: false,
    });
  }
  events.push({ data: '[DONE]', unit: false });
  return events;
}

function embeddingInputs(input: unknown): unknown[] | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  // An array of numbers is one tokenized input; an array of strings or of arrays is many.
  return input.every((item) => typeof item === 'number') ? [input] : (input as unknown[]);
}

function vectorFor(input: unknown, dimensions: number): number[] {
  const seed = createHash('sha256').update(JSON.stringify(input)).digest();
  const raw = Array.from(
    { length: dimensions },
    (_unused, index) => (seed[index % seed.length] ?? 0) / 127.5 - 1,
  );
  const norm = Math.hypot(...raw) || 1;
  return raw.map((value) => Math.fround(value / norm));
}

/** Deterministic unit vectors: equal inputs get equal embeddings. */
export function openAiEmbeddings(body: unknown, modelFallback: string | undefined): JsonReply {
  if (!isJsonObject(body)) return openAiInvalid('The request body must be a JSON object.', null);
  const model = typeof body.model === 'string' ? body.model : modelFallback;
  if (model === undefined) return openAiInvalid('you must provide a model parameter', null);
  const inputs = embeddingInputs(body.input);
  if (inputs === undefined) {
    return openAiInvalid("'input' : input must be a string or an array of strings", 'input');
  }
  const dimensions =
    typeof body.dimensions === 'number' && Number.isInteger(body.dimensions) && body.dimensions > 0
      ? body.dimensions
      : 8;
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((input, index) => {
    const vector = vectorFor(input, dimensions);
    return {
      object: 'embedding',
      index,
      embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
    };
  });
  const tokens = inputs.reduce<number>(
    (sum, input) =>
      sum + (typeof input === 'string' ? estimateTokens(input) : Array.isArray(input) ? input.length : 1),
    0,
  );
  return {
    status: 200,
    body: { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } },
  };
}

export function openAiModels(models: readonly string[]): JsonReply {
  return {
    status: 200,
    body: {
      object: 'list',
      data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake-llm' })),
    },
  };
}
