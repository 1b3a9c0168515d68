import type { ProviderTypeRecord } from '@portcullis/contracts';
import { anthropicAdapter } from './anthropic/anthropic.adapter.js';
import type { AnthropicClientHeaders, AnthropicMessagesRequest } from './anthropic-wire.js';
import { azureOpenAiAdapter } from './azure-openai/azure-openai.adapter.js';
import { bedrockAdapter } from './bedrock/bedrock.adapter.js';
import { openAiAdapter } from './openai/openai.adapter.js';
import type { ChatCompletionRequest, EmbeddingsRequest } from './openai-wire.js';
import type {
  EndpointAdapter,
  ProviderAdapter,
  ResolvedDeployment,
  Unsupported,
  UpstreamOutcome,
} from './provider-types.js';
import type { UpstreamClient } from './upstream-client.js';
import { UpstreamStreamError } from './upstream-stream-error.js';

/** SSE, or the binary AWS event stream (Bedrock's ConverseStream): translated chunk by chunk. */
function isStream(contentType: string | undefined): boolean {
  return (
    contentType !== undefined &&
    (contentType.startsWith('text/event-stream') ||
      contentType.startsWith('application/vnd.amazon.eventstream'))
  );
}

/** Largest non-streamed body read whole to be translated. */
const MAX_TRANSLATED_BODY = 16 * 1024 * 1024;

const ADAPTERS: Partial<Record<ProviderTypeRecord, ProviderAdapter>> = {
  openai: openAiAdapter,
  'openai-compatible': openAiAdapter,
  mock: openAiAdapter,
  'azure-openai': azureOpenAiAdapter,
  anthropic: anthropicAdapter,
  bedrock: bedrockAdapter,
};

/** The adapter for a provider type; undefined for a type with no adapter yet. */
export function adapterFor(type: ProviderTypeRecord): ProviderAdapter | undefined {
  return ADAPTERS[type];
}

export interface ForwardOptions {
  /** The client's request: aborting it aborts the upstream call, at any point. */
  signal?: AbortSignal;
}

function unsupportedEndpoint(type: ProviderTypeRecord, endpoint: string): Unsupported {
  return { kind: 'unsupported', message: `${type} providers do not serve ${endpoint}`, param: null };
}

async function readText(body: ReadableStream<Uint8Array>, limit: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new UpstreamStreamError({ kind: 'invalid-response', message: `body larger than ${limit} bytes` });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function bodyOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

function withoutEntityHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name !== 'content-length' && name !== 'content-type' && name !== 'content-encoding')
      kept[name] = value;
  }
  return kept;
}

async function forward<Request, Extra>(
  client: UpstreamClient,
  deployment: ResolvedDeployment,
  endpoint: EndpointAdapter<Request, Extra>,
  request: Request,
  extra: Extra,
  signal: AbortSignal | undefined,
): Promise<UpstreamOutcome> {
  const building = endpoint.build(deployment, request, extra);
  // Only a build that is async is awaited: the others stay free of an extra microtask.
  const built = building instanceof Promise ? await building : building;
  if ('kind' in built) return built;
  const outcome = await client.send(deployment, built, signal);
  if (outcome.kind !== 'response' || endpoint.translate === undefined) return outcome;
  const translator = endpoint.translate(request);
  const headers = withoutEntityHeaders(outcome.headers);
  if (isStream(outcome.headers['content-type'])) {
    return {
      ...outcome,
      headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8' },
      body: outcome.body.pipeThrough(translator.stream()),
    };
  }
  let translated: Uint8Array;
  try {
    translated = new TextEncoder().encode(translator.json(await readText(outcome.body, MAX_TRANSLATED_BODY)));
  } catch (error) {
    if (error instanceof UpstreamStreamError) {
      const { failure } = error;
      return failure.kind === 'timeout' ? { kind: 'timeout', phase: failure.phase } : failure;
    }
    return { kind: 'invalid-response', message: error instanceof Error ? error.message : String(error) };
  }
  return {
    kind: 'response',
    status: outcome.status,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(translated.byteLength),
    },
    body: bodyOf(translated),
  };
}

/**
 * Sends an OpenAI-format chat completion to a deployment and returns its answer in OpenAI format,
 * streamed when the request streams.
 *
 * @example
 * const outcome = await forwardChatCompletion(upstream, deployment, body, { signal });
 * if (outcome.kind === 'response') await pipeline(Readable.fromWeb(outcome.body), res);
 */
export function forwardChatCompletion(
  client: UpstreamClient,
  deployment: ResolvedDeployment,
  request: ChatCompletionRequest,
  options: ForwardOptions = {},
): Promise<UpstreamOutcome> {
  const adapter = adapterFor(deployment.type);
  if (adapter === undefined) return Promise.resolve(unsupportedEndpoint(deployment.type, 'chat completions'));
  return forward(client, deployment, adapter.chat, request, undefined, options.signal);
}

/** Sends an OpenAI-format embeddings request to a deployment. */
export function forwardEmbeddings(
  client: UpstreamClient,
  deployment: ResolvedDeployment,
  request: EmbeddingsRequest,
  options: ForwardOptions = {},
): Promise<UpstreamOutcome> {
  const endpoint = adapterFor(deployment.type)?.embeddings;
  if (endpoint === undefined) return Promise.resolve(unsupportedEndpoint(deployment.type, 'embeddings'));
  return forward(client, deployment, endpoint, request, undefined, options.signal);
}

/** Sends an Anthropic-format Messages request to a deployment (translated for OpenAI-style ones). */
export function forwardMessages(
  client: UpstreamClient,
  deployment: ResolvedDeployment,
  request: AnthropicMessagesRequest,
  headers: AnthropicClientHeaders = {},
  options: ForwardOptions = {},
): Promise<UpstreamOutcome> {
  const endpoint = adapterFor(deployment.type)?.messages;
  if (endpoint === undefined)
    return Promise.resolve(unsupportedEndpoint(deployment.type, 'Anthropic messages'));
  return forward(client, deployment, endpoint, request, headers, options.signal);
}
