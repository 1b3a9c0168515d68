import type { ChatCompletionRequest, ChatContentPart, JsonValue } from '../openai-wire.js';
import { DATA_URL, textOf, toolInput, UnsupportedInput } from '../chat-request-parts.js';
import type { Unsupported } from '../provider-types.js';
import type {
  ConverseContentBlock,
  ConverseImageFormat,
  ConverseMessage,
  ConverseRequest,
  ConverseToolChoice,
  ConverseToolResultContent,
} from './bedrock-wire.js';

const IMAGE_FORMATS: Readonly<Record<string, ConverseImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * OpenAI parameters Converse has no counterpart for, with the value that asks for nothing (a
 * request that sends that value is served; any other value is refused rather than ignored).
 */
const UNMAPPABLE: readonly { name: string; neutral: (value: unknown) => boolean }[] = [
  { name: 'frequency_penalty', neutral: (value) => value === 0 },
  { name: 'presence_penalty', neutral: (value) => value === 0 },
  {
    name: 'logit_bias',
    neutral: (value) => typeof value === 'object' && value !== null && Object.keys(value).length === 0,
  },
  { name: 'logprobs', neutral: (value) => value === false },
  { name: 'top_logprobs', neutral: () => false },
  { name: 'seed', neutral: () => false },
  { name: 'audio', neutral: () => false },
  {
    name: 'modalities',
    neutral: (value) => Array.isArray(value) && value.every((modality) => modality === 'text'),
  },
  { name: 'prediction', neutral: () => false },
  { name: 'web_search_options', neutral: () => false },
];

function userBlock(part: ChatContentPart, param: string): ConverseContentBlock {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image_url': {
      const inline = DATA_URL.exec(part.image_url.url);
      if (inline === null) {
        throw new UnsupportedInput(
          'Bedrock models take images inline only: send the image as a base64 data URL (data:image/png;base64,…)',
          param,
        );
      }
      const format = IMAGE_FORMATS[(inline[1] ?? '').toLowerCase()];
      if (format === undefined) {
        throw new UnsupportedInput(
          `Images of type '${inline[1] ?? ''}' are not supported by this model: use PNG, JPEG, GIF or WebP`,
          param,
        );
      }
      return { image: { format, source: { bytes: inline[2] ?? '' } } };
    }
    default:
      throw new UnsupportedInput(
        `Content parts of type '${part.type}' are not supported by this model`,
        param,
      );
  }
}

/** A JSON object result goes as `json` (models read it as data), anything else as text. */
function toolResultContent(text: string): ConverseToolResultContent[] {
  try {
    const value = JSON.parse(text) as JsonValue;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return [{ json: value }];
  } catch {
    // Not JSON: plain text.
  }
  return [{ text }];
}

/** Appends to the previous message when it has the same role: Converse wants alternating turns. */
function append(
  messages: ConverseMessage[],
  role: ConverseMessage['role'],
  blocks: ConverseContentBlock[],
): void {
  const previous = messages.at(-1);
  if (previous?.role === role) previous.content.push(...blocks);
  else messages.push({ role, content: blocks });
}

function translateMessages(request: ChatCompletionRequest): {
  system: { text: string }[];
  messages: ConverseMessage[];
  usesTools: boolean;
} {
  const system: { text: string }[] = [];
  const messages: ConverseMessage[] = [];
  let usesTools = false;
  request.messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content);
        // Converse refuses blank text blocks.
        if (text !== '') system.push({ text });
        return;
      }
      case 'user':
        append(
          messages,
          'user',
          typeof message.content === 'string'
            ? [{ text: message.content }]
            : message.content.map((part, slot) => userBlock(part, `${param}.content[${slot}]`)),
        );
        return;
      case 'assistant': {
        const blocks: ConverseContentBlock[] = [];
        const text = textOf(message.content);
        if (text !== '') blocks.push({ text });
        (message.tool_calls ?? []).forEach((call, slot) => {
          usesTools = true;
          blocks.push({
            toolUse: {
              toolUseId: call.id,
              name: call.function.name,
              input: toolInput(call.function.arguments, `${param}.tool_calls[${slot}].function.arguments`),
            },
          });
        });
        if (blocks.length > 0) append(messages, 'assistant', blocks);
        return;
      }
      case 'tool':
        usesTools = true;
        append(messages, 'user', [
          {
            toolResult: {
              toolUseId: message.tool_call_id,
              content: toolResultContent(textOf(message.content)),
            },
          },
        ]);
        return;
    }
  });
  return { system, messages, usesTools };
}

function checkUnmappable(request: ChatCompletionRequest): void {
  const fields = request as unknown as Readonly<Record<string, unknown>>;
  for (const { name, neutral } of UNMAPPABLE) {
    const value = fields[name];
    if (value !== undefined && value !== null && !neutral(value)) {
      throw new UnsupportedInput(`'${name}' is not supported by Bedrock models`, name);
    }
  }
  if (typeof request.n === 'number' && request.n > 1) {
    throw new UnsupportedInput('This model returns one choice per request: n must be 1', 'n');
  }
  if (request.response_format !== undefined && request.response_format.type !== 'text') {
    throw new UnsupportedInput(
      `response_format '${request.response_format.type}' is not supported by Bedrock models`,
      'response_format',
    );
  }
  if (request.parallel_tool_calls === false) {
    throw new UnsupportedInput(
      'Bedrock models cannot be kept to one tool call per turn: parallel_tool_calls must be true or left out',
      'parallel_tool_calls',
    );
  }
}

function toolChoiceOf(request: ChatCompletionRequest): ConverseToolChoice | undefined {
  const choice = request.tool_choice;
  if (choice === undefined || choice === 'auto') return choice === undefined ? undefined : { auto: {} };
  if (choice === 'required') return { any: {} };
  if (choice === 'none') return undefined;
  return { tool: { name: choice.function.name } };
}

function toolConfigOf(request: ChatCompletionRequest, usesTools: boolean): ConverseRequest['toolConfig'] {
  const tools = request.tools ?? [];
  if (tools.length === 0) {
    if (request.tool_choice !== undefined && request.tool_choice !== 'none') {
      throw new UnsupportedInput('tool_choice needs tools to choose from', 'tool_choice');
    }
    return undefined;
  }
  // Converse has no "none" choice. Leaving the tools out means the same (no tool can be called),
  // but Converse refuses toolUse/toolResult blocks without a toolConfig: then it cannot be said.
  if (request.tool_choice === 'none') {
    if (usesTools) {
      throw new UnsupportedInput(
        "tool_choice 'none' cannot be sent to a Bedrock model in a conversation that already used tools",
        'tool_choice',
      );
    }
    return undefined;
  }
  const toolChoice = toolChoiceOf(request);
  return {
    tools: tools.map((tool) => ({
      toolSpec: {
        name: tool.function.name,
        ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
        inputSchema: { json: tool.function.parameters ?? { type: 'object', properties: {} } },
      },
    })),
    ...(toolChoice === undefined ? {} : { toolChoice }),
  };
}

/**
 * An OpenAI chat completions request as a Bedrock Converse body: system and developer messages
 * become `system` blocks, tool calls `toolUse` blocks and tool messages `toolResult` blocks
 * (merged into alternating turns), images inline bytes, sampling parameters `inferenceConfig`.
 * What Converse cannot do (several choices, JSON modes, penalties, seeds, image URLs, audio or
 * file parts, …) comes back as `unsupported` naming the parameter rather than being dropped.
 * `user` is dropped: it labels the caller for abuse monitoring and changes nothing in the answer.
 *
 * @example
 * toConverseRequest({ model: 'claude', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 50 });
 * // { messages: [{ role: 'user', content: [{ text: 'Hi' }] }], inferenceConfig: { maxTokens: 50 } }
 */
export function toConverseRequest(request: ChatCompletionRequest): ConverseRequest | Unsupported {
  try {
    checkUnmappable(request);
    const { system, messages, usesTools } = translateMessages(request);
    const body: ConverseRequest = { messages };
    if (system.length > 0) body.system = system;
    const inference: ConverseRequest['inferenceConfig'] = {};
    const maxTokens = request.max_completion_tokens ?? request.max_tokens;
    if (typeof maxTokens === 'number') inference.maxTokens = maxTokens;
    if (typeof request.temperature === 'number') inference.temperature = request.temperature;
    if (typeof request.top_p === 'number') inference.topP = request.top_p;
    if (typeof request.stop === 'string') inference.stopSequences = [request.stop];
    else if (Array.isArray(request.stop) && request.stop.length > 0) inference.stopSequences = request.stop;
    if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
    const toolConfig = toolConfigOf(request, usesTools);
    if (toolConfig !== undefined) body.toolConfig = toolConfig;
    return body;
  } catch (error) {
    if (error instanceof UnsupportedInput)
      return { kind: 'unsupported', message: error.message, param: error.param };
    throw error;
  }
}
