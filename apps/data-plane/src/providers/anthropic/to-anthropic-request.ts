import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicMessagesRequest,
  AnthropicTool,
  AnthropicToolChoice,
} from '../anthropic-wire.js';
import type { ChatCompletionRequest, ChatContentPart, ChatToolChoice } from '../openai-wire.js';
import { DATA_URL, textOf, toolInput, UnsupportedInput } from '../chat-request-parts.js';
import type { Unsupported } from '../provider-types.js';

/** Anthropic requires `max_tokens`; OpenAI callers often leave it out. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

function userBlock(part: ChatContentPart, param: string): AnthropicContentBlock {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image_url': {
      const { url } = part.image_url;
      const inline = DATA_URL.exec(url);
      if (inline !== null) {
        return {
          type: 'image',
          source: { type: 'base64', media_type: inline[1] ?? '', data: inline[2] ?? '' },
        };
      }
      if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
      throw new UnsupportedInput('Images must be https URLs or base64 data URLs for this model', param);
    }
    default:
      throw new UnsupportedInput(
        `Content parts of type '${part.type}' are not supported by this model`,
        param,
      );
  }
}

/** Appends to the previous message when it has the same role: Anthropic wants alternating turns. */
function append(
  messages: AnthropicMessage[],
  role: AnthropicMessage['role'],
  blocks: AnthropicContentBlock[],
): void {
  const previous = messages.at(-1);
  if (previous?.role === role) {
    const existing: AnthropicContentBlock[] =
      typeof previous.content === 'string' ? [{ type: 'text', text: previous.content }] : previous.content;
    previous.content = [...existing, ...blocks];
  } else {
    messages.push({ role, content: blocks });
  }
}

function translateMessages(request: ChatCompletionRequest): {
  system: string[];
  messages: AnthropicMessage[];
} {
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  request.messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(textOf(message.content));
        return;
      case 'user':
        append(
          messages,
          'user',
          typeof message.content === 'string'
            ? [{ type: 'text', text: message.content }]
            : message.content.map((part, slot) => userBlock(part, `${param}.content[${slot}]`)),
        );
        return;
      case 'assistant': {
        const blocks: AnthropicContentBlock[] = [];
        const text = textOf(message.content);
        // Anthropic refuses empty text blocks.
        if (text !== '') blocks.push({ type: 'text', text });
        (message.tool_calls ?? []).forEach((call, slot) => {
          blocks.push({
            type: 'tool_use',
            id: call.id,
            name: call.function.name,
            input: toolInput(call.function.arguments, `${param}.tool_calls[${slot}].function.arguments`),
          });
        });
        if (blocks.length > 0) append(messages, 'assistant', blocks);
        return;
      }
      case 'tool':
        append(messages, 'user', [
          { type: 'tool_result', tool_use_id: message.tool_call_id, content: textOf(message.content) },
        ]);
        return;
    }
  });
  return { system, messages };
}

function translateToolChoice(
  choice: ChatToolChoice | undefined,
  parallel: boolean | undefined,
): AnthropicToolChoice | undefined {
  const serial = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: 'auto', ...serial } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...serial };
  if (choice === 'required') return { type: 'any', ...serial };
  return { type: 'tool', name: choice.function.name, ...serial };
}

/**
 * An OpenAI chat completions request as an Anthropic Messages request: system and developer
 * messages become `system`, tool calls become `tool_use` blocks and tool messages `tool_result`
 * blocks (merged into alternating turns), `stop` becomes `stop_sequences`, and `max_tokens` gets a
 * default. What Anthropic cannot do (several choices, OpenAI's JSON modes, audio or file parts)
 * comes back as `unsupported` rather than being silently dropped.
 *
 * @example
 * toAnthropicRequest({ model: 'claude', messages: [{ role: 'user', content: 'Hi' }] }, 'claude-sonnet-4-5');
 * // { model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] }
 */
export function toAnthropicRequest(
  request: ChatCompletionRequest,
  upstreamModel: string,
): AnthropicMessagesRequest | Unsupported {
  const unsupported = (message: string, param: string | null): Unsupported => ({
    kind: 'unsupported',
    message,
    param,
  });
  if (typeof request.n === 'number' && request.n > 1) {
    return unsupported('This model returns one choice per request: n must be 1', 'n');
  }
  if (request.response_format !== undefined && request.response_format.type !== 'text') {
    return unsupported(
      `response_format '${request.response_format.type}' is not supported by this model`,
      'response_format',
    );
  }
  let translated: { system: string[]; messages: AnthropicMessage[] };
  try {
    translated = translateMessages(request);
  } catch (error) {
    if (error instanceof UnsupportedInput) return unsupported(error.message, error.param);
    throw error;
  }
  const body: AnthropicMessagesRequest = {
    model: upstreamModel,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    messages: translated.messages,
  };
  if (translated.system.length > 0) body.system = translated.system.join('\n\n');
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (typeof request.stop === 'string') body.stop_sequences = [request.stop];
  else if (Array.isArray(request.stop) && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.stream === true) body.stream = true;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool): AnthropicTool => ({
      name: tool.function.name,
      ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
      input_schema: tool.function.parameters ?? { type: 'object', properties: {} },
    }));
  }
  const toolChoice = translateToolChoice(request.tool_choice, request.parallel_tool_calls);
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  return body;
}
