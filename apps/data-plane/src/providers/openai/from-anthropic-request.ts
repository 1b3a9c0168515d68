import type { ProviderTypeRecord } from '@portcullis/contracts';
import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicMessagesRequest,
  AnthropicToolChoice,
} from '../anthropic-wire.js';
import { UnsupportedInput } from '../chat-request-parts.js';
import type {
  ChatCompletionRequest,
  ChatContentPart,
  ChatMessage,
  ChatTextPart,
  ChatTool,
  ChatToolCall,
  ChatToolChoice,
} from '../openai-wire.js';
import type { Unsupported } from '../provider-types.js';

/** The request fields the translation reads; any other field is refused rather than dropped. */
const KNOWN_FIELDS = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'temperature',
  'top_p',
  'stop_sequences',
  'stream',
  'tools',
  'tool_choice',
  'metadata',
]);

/** Fields Anthropic has and OpenAI's chat completions do not, with why. */
const REFUSED_FIELDS: Readonly<Record<string, string>> = {
  top_k: 'top_k is not supported by this model',
  thinking: 'Extended thinking is not supported by this model',
};

/** OpenAI's chat completions take at most four stop sequences. */
const MAX_STOP_SEQUENCES = 4;

/**
 * OpenAI's reasoning families (o1, o3, o4-mini, gpt-5…) refuse `max_tokens` and want
 * `max_completion_tokens`; its other chat models take both. OpenAI-compatible servers (vLLM,
 * Ollama, …) are only sure to know `max_tokens`, so only OpenAI and Azure OpenAI get the newer
 * name, and only for the families that require it. On Azure the deployment name stands in for
 * the model name: a deployment named after its model (the usual practice) is recognised.
 */
const COMPLETION_TOKENS_FAMILY = /^(o\d|gpt-5)/i;

function maxTokensField(
  type: ProviderTypeRecord,
  upstreamModel: string,
): 'max_tokens' | 'max_completion_tokens' {
  return (type === 'openai' || type === 'azure-openai') && COMPLETION_TOKENS_FAMILY.test(upstreamModel)
    ? 'max_completion_tokens'
    : 'max_tokens';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A content given as a string is one text block. */
function blocksOf(content: AnthropicMessage['content'], param: string): AnthropicContentBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw new UnsupportedInput('content must be a string or an array', param);
  return content;
}

/** Text blocks as one string; anything else in them is refused. */
function joinText(content: unknown, param: string, separator: string): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new UnsupportedInput('content must be a string or an array', param);
  return content
    .map((block: unknown, slot) => {
      if (isObject(block) && block.type === 'text' && typeof block.text === 'string') return block.text;
      const type = isObject(block) ? String(block.type) : typeof block;
      throw new UnsupportedInput(
        `Content blocks of type '${type}' are not supported here by this model`,
        `${param}[${slot}]`,
      );
    })
    .join(separator);
}

function imageUrl(block: Extract<AnthropicContentBlock, { type: 'image' }>, param: string): string {
  // Bodies are checked here, not before: the source may be any kind Anthropic has (`file`, …).
  const source: unknown = block.source;
  if (isObject(source) && source.type === 'base64') {
    return `data:${String(source.media_type)};base64,${String(source.data)}`;
  }
  if (isObject(source) && source.type === 'url' && typeof source.url === 'string') return source.url;
  throw new UnsupportedInput('Image sources must be base64 data or a URL for this model', `${param}.source`);
}

function unsupportedBlock(block: { type?: unknown }, param: string): never {
  throw new UnsupportedInput(
    `Content blocks of type '${String(block.type)}' are not supported by this model`,
    param,
  );
}

/** A user turn: its tool results as `tool` messages first, then the rest as one user message. */
function userMessages(blocks: AnthropicContentBlock[], param: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const parts: ChatContentPart[] = [];
  blocks.forEach((block, slot) => {
    const at = `${param}.content[${slot}]`;
    switch (block.type) {
      case 'tool_result': {
        // As Anthropic itself requires: a tool message must directly follow the assistant's calls.
        if (parts.length > 0) {
          throw new UnsupportedInput('tool_result blocks must come before any other content in a turn', at);
        }
        const text = joinText(block.content, `${at}.content`, '\n');
        messages.push({
          role: 'tool',
          tool_call_id: block.tool_use_id,
          // OpenAI has no error flag on tool messages: the model reads it in the text instead.
          content: block.is_error === true ? `Error: ${text}` : text,
        });
        return;
      }
      case 'text':
        parts.push({ type: 'text', text: block.text });
        return;
      case 'image':
        parts.push({ type: 'image_url', image_url: { url: imageUrl(block, at) } });
        return;
      default:
        unsupportedBlock(block, at);
    }
  });
  if (parts.length > 0) {
    const only = parts.length === 1 ? parts[0] : undefined;
    messages.push({ role: 'user', content: only?.type === 'text' ? only.text : parts });
  }
  return messages;
}

/** An assistant turn: its text as `content`, its `tool_use` blocks as `tool_calls`. */
function assistantMessage(blocks: AnthropicContentBlock[], param: string): ChatMessage {
  const text: ChatTextPart[] = [];
  const toolCalls: ChatToolCall[] = [];
  blocks.forEach((block, slot) => {
    const at = `${param}.content[${slot}]`;
    if (block.type === 'text') text.push(block);
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    } else unsupportedBlock(block, at);
  });
  const content = text.map((part) => part.text).join('');
  return {
    role: 'assistant',
    content: content === '' && toolCalls.length > 0 ? null : content,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
}

function translateMessages(request: AnthropicMessagesRequest): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (request.system !== undefined) {
    const system = joinText(request.system, 'system', '\n\n');
    if (system !== '') messages.push({ role: 'system', content: system });
  }
  request.messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    const blocks = blocksOf(message.content, `${param}.content`);
    const role: string = message.role;
    if (role === 'user') messages.push(...userMessages(blocks, param));
    else if (role === 'assistant') {
      if (index === request.messages.length - 1) {
        // Anthropic continues a final assistant message; OpenAI would answer it with a new one.
        throw new UnsupportedInput(
          'A final assistant message (prefill) cannot be continued by this model',
          param,
        );
      }
      messages.push(assistantMessage(blocks, param));
    } else {
      throw new UnsupportedInput(`Unknown role '${role}'`, `${param}.role`);
    }
  });
  return messages;
}

function translateTools(tools: unknown): ChatTool[] {
  if (!Array.isArray(tools)) throw new UnsupportedInput('tools must be an array', 'tools');
  return tools.map((tool: unknown, index): ChatTool => {
    // Anthropic's server tools (web search, code execution, …) carry a versioned `type`.
    if (!isObject(tool) || (tool.type !== undefined && tool.type !== 'custom')) {
      throw new UnsupportedInput(
        `Tools of type '${isObject(tool) ? String(tool.type) : typeof tool}' are not supported by this model`,
        `tools[${index}]`,
      );
    }
    if (typeof tool.name !== 'string')
      throw new UnsupportedInput('A tool needs a name', `tools[${index}].name`);
    return {
      type: 'function',
      function: {
        name: tool.name,
        ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
        ...(isObject(tool.input_schema)
          ? { parameters: tool.input_schema as NonNullable<ChatTool['function']['parameters']> }
          : {}),
      },
    };
  });
}

function translateToolChoice(choice: AnthropicToolChoice): ChatToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    default:
      throw new UnsupportedInput(
        `tool_choice '${String((choice as { type: unknown }).type)}' is not supported by this model`,
        'tool_choice',
      );
  }
}

/**
 * An Anthropic Messages request as an OpenAI chat completions request: `system` becomes a system
 * message, `tool_use` blocks become `tool_calls` and `tool_result` blocks `tool` messages (ahead of
 * the rest of their turn), images become `image_url` parts, `stop_sequences` becomes `stop`, and a
 * stream always asks for usage (the Anthropic client reads it in `message_delta`). What OpenAI
 * cannot do (`top_k`, thinking, documents, server tools, a prefilled answer, any field this
 * translation does not know) comes back as `unsupported` rather than being silently dropped.
 *
 * @example
 * toOpenAiChatRequest({ model: 'gpt', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }, 'openai', 'gpt-4o');
 * // { model: 'gpt-4o', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }
 */
export function toOpenAiChatRequest(
  request: AnthropicMessagesRequest,
  type: ProviderTypeRecord,
  upstreamModel: string,
): ChatCompletionRequest | Unsupported {
  const unsupported = (message: string, param: string | null): Unsupported => ({
    kind: 'unsupported',
    message,
    param,
  });
  for (const [field, value] of Object.entries(request)) {
    // Thinking turned off asks for nothing OpenAI does not do anyway.
    if (field === 'thinking' && isObject(value) && value.type === 'disabled') continue;
    const refused = REFUSED_FIELDS[field];
    if (refused !== undefined) return unsupported(refused, field);
    if (!KNOWN_FIELDS.has(field)) return unsupported(`${field} is not supported by this model`, field);
  }
  const stop = request.stop_sequences ?? [];
  if (stop.length > MAX_STOP_SEQUENCES) {
    return unsupported(`This model takes at most ${MAX_STOP_SEQUENCES} stop sequences`, 'stop_sequences');
  }
  const metadata: Record<string, unknown> = isObject(request.metadata) ? request.metadata : {};
  const unknownMetadata = Object.keys(metadata).find((key) => key !== 'user_id');
  if (unknownMetadata !== undefined) {
    return unsupported(
      `metadata.${unknownMetadata} is not supported by this model`,
      `metadata.${unknownMetadata}`,
    );
  }
  const body: ChatCompletionRequest = { model: upstreamModel, messages: [] };
  try {
    body.messages = translateMessages(request);
    if (request.tools !== undefined && request.tools.length > 0) {
      body.tools = translateTools(request.tools);
      // OpenAI takes tool_choice and parallel_tool_calls only alongside tools.
      if (request.tool_choice !== undefined) {
        body.tool_choice = translateToolChoice(request.tool_choice);
        if (
          'disable_parallel_tool_use' in request.tool_choice &&
          request.tool_choice.disable_parallel_tool_use
        ) {
          body.parallel_tool_calls = false;
        }
      }
    }
  } catch (error) {
    if (error instanceof UnsupportedInput) return unsupported(error.message, error.param);
    throw error;
  }
  body[maxTokensField(type, upstreamModel)] = request.max_tokens;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (stop.length > 0) body.stop = stop;
  if (request.stream === true) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  if (typeof metadata.user_id === 'string') body.user = metadata.user_id;
  return body;
}
