import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { Hash, fromUtf8, toUtf8 } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FakeErrorScript } from './fake-llm-script.js';
import type { JsonReply } from './openai-wire.js';
import {
  isJsonObject,
  type JsonObject,
  type ReceivedPrompt,
  stopReasonOf,
  toolInputOf,
  type ReplyPlan,
  type WireEvent,
} from './reply-plan.js';

/** The AWS key pair (and optionally the region) the fake's Bedrock routes check signatures with. */
export interface FakeAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, the signature's credential scope must name this region. */
  region?: string;
}

/** What the fake needs from a Converse request, once it passed validation. */
export interface BedrockConverseView extends ReceivedPrompt {
  modelId: string;
  stream: boolean;
  toolNames: ReadonlySet<string>;
}

/** A request as the signature check needs it: the path as sent (still percent-encoded). */
export interface SignedRequest {
  method: string;
  path: string;
  query: Readonly<Record<string, string>>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export const BEDROCK_PATH = /^\/model\/([^/]+)\/(converse|converse-stream)$/;
export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** How far a request's `x-amz-date` may be from the fake's clock, as AWS allows. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  ValidationException: 'The provided request is not valid.',
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  ResourceNotFoundException: 'The requested resource could not be found.',
  ModelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
  ModelErrorException: 'The model encountered an error processing the request.',
  ThrottlingException: 'Too many requests, please wait before trying again.',
  InternalServerException: 'The server encountered an internal error while processing the request.',
  ServiceUnavailableException: 'The service is temporarily unable to handle the request.',
};

const BLOCK_MEMBERS = new Set([
  'text',
  'image',
  'document',
  'video',
  'toolUse',
  'toolResult',
  'guardContent',
  'cachePoint',
  'reasoningContent',
  'citationsContent',
]);
const IMAGE_FORMATS = new Set(['png', 'jpeg', 'gif', 'webp']);
const REQUEST_MEMBERS = new Set([
  'messages',
  'system',
  'inferenceConfig',
  'toolConfig',
  'guardrailConfig',
  'additionalModelRequestFields',
  'additionalModelResponseFieldPaths',
  'promptVariables',
  'requestMetadata',
  'performanceConfig',
]);
// Bedrock pads every event payload with a "p" member of varying length (against size analysis).
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `{"message": …}` with the error's name in `x-amzn-errortype`, as Bedrock answers. */
export function awsErrorReply(status: number, errorType: string, message: string): JsonReply {
  return {
    status,
    body: { message },
    headers: { 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
  };
}

/** A scripted error in Bedrock's shape; `script.type` names the exception (`ThrottlingException`). */
export function bedrockErrorReply(script: FakeErrorScript): JsonReply {
  const type =
    script.type ??
    ERROR_TYPES[script.status] ??
    (script.status >= 500 ? 'InternalServerException' : 'ValidationException');
  const reply = awsErrorReply(
    script.status,
    type,
    script.message ?? DEFAULT_MESSAGES[type] ?? `Error ${script.status}`,
  );
  return script.retryAfter === undefined
    ? reply
    : { ...reply, headers: { ...reply.headers, 'retry-after': String(script.retryAfter) } };
}

function invalid(message: string): JsonReply {
  return awsErrorReply(400, 'ValidationException', message);
}

/** The access key id a SigV4 `Authorization` header names, if it is one. */
export function sigV4AccessKeyId(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : AUTHORIZATION.exec(authorization)?.[1];
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function signatureRefused(message: string): JsonReply {
  return awsErrorReply(403, 'InvalidSignatureException', message);
}

/**
 * Checks a request's AWS Signature Version 4 as Bedrock does: scope (service `bedrock`, the
 * region when configured), access key, clock skew, payload hash, and, when a key pair is
 * configured, the signature itself, recomputed with the smithy signer the AWS SDKs use. Answers
 * the 403 (or 400) to send, or undefined when the request may go on.
 */
export async function checkBedrockSignature(
  request: SignedRequest,
  expected: FakeAwsCredentials | undefined,
  now: Date,
): Promise<JsonReply | undefined> {
  const authorization = headerText(request.headers.authorization);
  if (authorization === undefined) {
    return awsErrorReply(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const parsed = AUTHORIZATION.exec(authorization);
  if (parsed === null) {
    return awsErrorReply(
      403,
      'IncompleteSignatureException',
      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.",
    );
  }
  const [, accessKeyId = '', day = '', region = '', service = '', signedHeaders = '', signature = ''] =
    parsed;
  if (service !== 'bedrock') {
    return signatureRefused(`Credential should be scoped to correct service: 'bedrock'.`);
  }
  if (expected?.region !== undefined && region !== expected.region) {
    return signatureRefused('Credential should be scoped to a valid region.');
  }
  if (expected !== undefined && accessKeyId !== expected.accessKeyId) {
    return awsErrorReply(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  const amzDate = headerText(request.headers['x-amz-date']) ?? '';
  const date = AMZ_DATE.exec(amzDate);
  const names = signedHeaders.split(';');
  if (date === null || !names.includes('x-amz-date') || !names.includes('host')) {
    return awsErrorReply(
      403,
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, signed with Host.",
    );
  }
  const signedAt = new Date(
    Date.UTC(
      Number(date[1]),
      Number(date[2]) - 1,
      Number(date[3]),
      Number(date[4]),
      Number(date[5]),
      Number(date[6]),
    ),
  );
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_CLOCK_SKEW_MS || !amzDate.startsWith(day)) {
    return signatureRefused(
      `Signature expired: ${amzDate} is now earlier or later than the allowed window around the server time.`,
    );
  }
  const contentHash = headerText(request.headers['x-amz-content-sha256']);
  if (contentHash !== undefined && contentHash !== createHash('sha256').update(request.body).digest('hex')) {
    return invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  if (expected === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const name of names) headers[name] = headerText(request.headers[name]) ?? '';
  const signer = new SignatureV4({
    service,
    region,
    credentials: { accessKeyId: expected.accessKeyId, secretAccessKey: expected.secretAccessKey },
    sha256: Hash.bind(null, 'sha256'),
  });
  const resigned = await signer.sign(
    {
      method: request.method,
      protocol: 'https:',
      hostname: headers.host ?? '',
      path: request.path,
      query: { ...request.query },
      headers,
      body: request.body,
    },
    { signingDate: signedAt },
  );
  const wanted = /Signature=([0-9a-f]{64})$/.exec(resigned.headers.authorization ?? '')?.[1] ?? '';
  if (wanted.length !== signature.length || !timingSafeEqual(Buffer.from(wanted), Buffer.from(signature))) {
    return signatureRefused(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return undefined;
}

function textBlocks(content: unknown): string {
  return Array.isArray(content)
    ? content
        .map((block) => (isJsonObject(block) && typeof block.text === 'string' ? block.text : ''))
        .join('')
    : '';
}

function toolUseIds(message: JsonObject | undefined): string[] {
  if (message?.role !== 'assistant' || !Array.isArray(message.content)) return [];
  return (message.content as unknown[]).flatMap((block) =>
    isJsonObject(block) && isJsonObject(block.toolUse) && typeof block.toolUse.toolUseId === 'string'
      ? [block.toolUse.toolUseId]
      : [],
  );
}

function checkBlock(block: unknown, at: string): JsonReply | undefined {
  const members = isJsonObject(block) ? Object.keys(block) : [];
  const member = members[0];
  if (!isJsonObject(block) || members.length !== 1 || member === undefined || !BLOCK_MEMBERS.has(member)) {
    return invalid(`The content block at ${at} must set exactly one of ${[...BLOCK_MEMBERS].join(', ')}.`);
  }
  if (member === 'text' && (typeof block.text !== 'string' || block.text.trim() === '')) {
    return invalid(
      `The text field in the ContentBlock object at ${at} is blank. Add text to the text field, and try again.`,
    );
  }
  if (member === 'image') {
    const image = block.image;
    const source = isJsonObject(image) ? image.source : undefined;
    if (!isJsonObject(image) || typeof image.format !== 'string' || !IMAGE_FORMATS.has(image.format)) {
      return invalid(`${at}.image.format: Member must satisfy enum value set: [png, jpeg, gif, webp]`);
    }
    if (
      !isJsonObject(source) ||
      typeof source.bytes !== 'string' ||
      !/^[A-Za-z0-9+/]+={0,2}$/.test(source.bytes)
    ) {
      return invalid(`${at}.image.source.bytes: must be base64-encoded bytes`);
    }
  }
  if (member === 'toolUse') {
    const use = block.toolUse;
    if (
      !isJsonObject(use) ||
      typeof use.toolUseId !== 'string' ||
      typeof use.name !== 'string' ||
      !('input' in use)
    ) {
      return invalid(`${at}.toolUse: toolUseId, name and input are required`);
    }
  }
  if (member === 'toolResult') {
    const result = block.toolResult;
    if (!isJsonObject(result) || typeof result.toolUseId !== 'string' || !Array.isArray(result.content)) {
      return invalid(`${at}.toolResult: toolUseId and content are required`);
    }
  }
  return undefined;
}

function checkMessages(messages: readonly unknown[], hasToolConfig: boolean): JsonReply | undefined {
  if (messages.length === 0 || !isJsonObject(messages[0]) || messages[0].role !== 'user') {
    return invalid(
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  }
  for (const [index, message] of messages.entries()) {
    if (!isJsonObject(message) || (message.role !== 'user' && message.role !== 'assistant')) {
      return invalid(`messages.${index}.role: Member must satisfy enum value set: [user, assistant]`);
    }
    const previous = index > 0 ? messages[index - 1] : undefined;
    if (isJsonObject(previous) && previous.role === message.role) {
      return invalid(
        'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
      );
    }
    if (!Array.isArray(message.content) || message.content.length === 0) {
      return invalid(`messages.${index}.content: Member must have length greater than or equal to 1`);
    }
    const blocks = message.content as unknown[];
    for (const [slot, block] of blocks.entries()) {
      const problem = checkBlock(block, `messages.${index}.content.${slot}`);
      if (problem !== undefined) return problem;
      if (isJsonObject(block) && ('toolUse' in block || 'toolResult' in block) && !hasToolConfig) {
        return invalid(
          'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
        );
      }
    }
    const answered = new Set(
      blocks.flatMap((block) =>
        isJsonObject(block) && isJsonObject(block.toolResult) ? [block.toolResult.toolUseId] : [],
      ),
    );
    const asked = toolUseIds(isJsonObject(previous) ? previous : undefined);
    const unanswered = asked.filter((id) => !answered.has(id));
    if (unanswered.length > 0 || [...answered].some((id) => typeof id !== 'string' || !asked.includes(id))) {
      return invalid(
        `Expected toolResult blocks at messages.${index}.content for the following Ids: ${asked.join(', ')}`,
      );
    }
  }
  const last = messages.at(-1);
  const pending = toolUseIds(isJsonObject(last) ? last : undefined);
  if (pending.length > 0) {
    return invalid('A conversation must end with a user message (toolUse blocks need their toolResult).');
  }
  return undefined;
}

function checkInference(config: unknown): JsonReply | undefined {
  if (config === undefined) return undefined;
  if (!isJsonObject(config)) return invalid('inferenceConfig must be an object');
  const { maxTokens, temperature, topP, stopSequences } = config;
  if (
    maxTokens !== undefined &&
    (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)
  ) {
    return invalid('inferenceConfig.maxTokens: Member must have value greater than or equal to 1');
  }
  for (const [name, value] of [
    ['temperature', temperature],
    ['topP', topP],
  ] as const) {
    if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 1)) {
      return invalid(`inferenceConfig.${name}: Member must have value less than or equal to 1`);
    }
  }
  if (
    stopSequences !== undefined &&
    (!Array.isArray(stopSequences) || !stopSequences.every((s) => typeof s === 'string'))
  ) {
    return invalid('inferenceConfig.stopSequences: must be a list of strings');
  }
  return undefined;
}

function readToolConfig(config: unknown): ReadonlySet<string> | JsonReply {
  const names = new Set<string>();
  if (config === undefined) return names;
  if (!isJsonObject(config) || !Array.isArray(config.tools) || config.tools.length === 0) {
    return invalid('toolConfig.tools: Member must have length greater than or equal to 1');
  }
  for (const [index, tool] of (config.tools as unknown[]).entries()) {
    const spec = isJsonObject(tool) ? tool.toolSpec : undefined;
    const schema = isJsonObject(spec) ? spec.inputSchema : undefined;
    if (
      !isJsonObject(spec) ||
      typeof spec.name !== 'string' ||
      !isJsonObject(schema) ||
      !isJsonObject(schema.json)
    ) {
      return invalid(`toolConfig.tools.${index}.toolSpec: name and inputSchema.json are required`);
    }
    names.add(spec.name);
  }
  const choice = config.toolChoice;
  if (choice !== undefined) {
    const members = isJsonObject(choice) ? Object.keys(choice) : [];
    if (
      !isJsonObject(choice) ||
      members.length !== 1 ||
      !['auto', 'any', 'tool'].includes(members[0] ?? '')
    ) {
      return invalid('toolConfig.toolChoice must set exactly one of auto, any, tool');
    }
    const named = isJsonObject(choice.tool) ? choice.tool.name : undefined;
    if ('tool' in choice && (typeof named !== 'string' || !names.has(named))) {
      return invalid('toolConfig.toolChoice.tool.name must name one of the tools');
    }
  }
  return names;
}

/** Validates a Converse body the way Bedrock does for the parts a gateway can get wrong. */
export function readBedrockConverse(
  body: unknown,
  modelId: string,
  stream: boolean,
): BedrockConverseView | JsonReply {
  if (!isJsonObject(body))
    return awsErrorReply(400, 'SerializationException', 'The request body must be a JSON object.');
  const unknown = Object.keys(body).find((key) => !REQUEST_MEMBERS.has(key));
  if (unknown !== undefined)
    return invalid(`Malformed input request: extraneous key [${unknown}] is not permitted`);
  if (!Array.isArray(body.messages)) return invalid('messages: Member must not be null');
  const messages: readonly unknown[] = body.messages;
  const toolNames = readToolConfig(body.toolConfig);
  if ('status' in toolNames) return toolNames;
  const problem =
    checkMessages(messages, body.toolConfig !== undefined) ?? checkInference(body.inferenceConfig);
  if (problem !== undefined) return problem;
  if (body.system !== undefined && (!Array.isArray(body.system) || !body.system.every(isJsonObject))) {
    return invalid('system: must be a list of system content blocks');
  }
  const lastUser = [...messages]
    .reverse()
    .find((message) => isJsonObject(message) && message.role === 'user');
  return {
    modelId,
    stream,
    toolNames,
    lastUserText: isJsonObject(lastUser) ? textBlocks(lastUser.content) : '',
    promptText: textBlocks(body.system) + JSON.stringify(messages),
  };
}

function usageOf(plan: ReplyPlan): JsonObject {
  return {
    inputTokens: plan.inputTokens,
    outputTokens: plan.outputTokens,
    totalTokens: plan.inputTokens + plan.outputTokens,
  };
}

/** A non-streamed Converse answer. */
export function bedrockConverse(plan: ReplyPlan): JsonObject {
  const content: JsonObject[] = [];
  if (plan.text !== '' || plan.toolCalls.length === 0) content.push({ text: plan.text });
  for (const call of plan.toolCalls) {
    content.push({ toolUse: { toolUseId: call.id, name: call.name, input: toolInputOf(call.arguments) } });
  }
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: stopReasonOf(plan),
    usage: usageOf(plan),
    metrics: { latencyMs: 1 },
  };
}

/**
 * The ConverseStream events of a reply, named by `:event-type` (text blocks get no
 * contentBlockStart; usage comes in `metadata`, after `messageStop`). Encode each with
 * {@link encodeBedrockEvent}.
 */
export function bedrockStreamEvents(plan: ReplyPlan): WireEvent[] {
  const events: WireEvent[] = [];
  const push = (event: string, value: JsonObject, unit = false): void => {
    const p = PADDING.slice(0, 1 + ((events.length * 7) % PADDING.length));
    events.push({ event, data: JSON.stringify({ ...value, p }), unit });
  };
  push('messageStart', { role: 'assistant' });
  let index = 0;
  if (plan.text !== '' || plan.toolCalls.length === 0) {
    for (const piece of plan.chunks)
      push('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }, true);
    push('contentBlockStop', { contentBlockIndex: index });
    index += 1;
  }
  for (const call of plan.toolCalls) {
    push('contentBlockStart', {
      contentBlockIndex: index,
      start: { toolUse: { toolUseId: call.id, name: call.name } },
    });
    for (const fragment of call.fragments) {
      push('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: fragment } } }, true);
    }
    push('contentBlockStop', { contentBlockIndex: index });
    index += 1;
  }
  push('messageStop', { stopReason: stopReasonOf(plan) });
  push('metadata', { usage: usageOf(plan), metrics: { latencyMs: 1 } });
  return events;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** One event as a binary event stream message (`:event-type`, `:content-type`, `:message-type`). */
export function encodeBedrockEvent(event: WireEvent): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: event.event ?? '' },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(event.data),
  });
}

/** A mid-stream exception message, as Bedrock sends one (`:message-type: exception`). */
export function encodeBedrockException(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}
