import type { ProviderTypeRecord } from '@portcullis/contracts';
import type { AnthropicClientHeaders, AnthropicMessagesRequest } from './anthropic-wire.js';
import type { ChatCompletionRequest, EmbeddingsRequest } from './openai-wire.js';

/** A provider's secrets, opened in memory only (never logged, never sent anywhere but upstream). */
export interface ProviderCredentials {
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface ProviderTimeouts {
  connectMs: number;
  /** Until the response headers, and again until the first body bytes (the first SSE event). */
  firstByteMs: number;
  totalMs: number;
}

/** One deployment of a model on a provider, as the router hands it to an adapter. */
export interface ResolvedDeployment {
  type: ProviderTypeRecord;
  /** `https://api.openai.com/v1`, `https://<resource>.openai.azure.com`, `https://api.anthropic.com`. */
  baseUrl: string;
  options: { apiVersion?: string; region?: string };
  credentials: ProviderCredentials | null;
  /** The model name the provider knows; the Azure deployment name for Azure OpenAI. */
  upstreamModel: string;
  timeouts: ProviderTimeouts;
  /**
   * A tenant's own provider: connections are refused to loopback, private, link-local and
   * metadata addresses, checked on the address actually dialled (DNS rebinding).
   */
  tenantOwned: boolean;
}

/** An HTTP request for the upstream, fully built by an adapter. */
export interface UpstreamRequest {
  url: URL;
  method: 'POST' | 'GET';
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** The request asks for something this provider cannot do; the caller should answer 400. */
export interface Unsupported {
  kind: 'unsupported';
  message: string;
  param: string | null;
}

export type ConnectionFailure = 'blocked-address' | 'refused' | 'reset' | 'dns' | 'tls' | 'other';

/** Why no usable response came back. Everything but `aborted` and `unsupported` may warrant a fallback. */
export type UpstreamFailure =
  | {
      kind: 'upstream-error';
      status: number;
      /** From `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
      retryAfterMs?: number;
      /** The upstream's error body, cut at 64 KiB. */
      body: string;
      headers: Readonly<Record<string, string>>;
    }
  /** `idle`: a body that had started went silent for `firstByteMs` (only for bodies read whole). */
  | { kind: 'timeout'; phase: 'connect' | 'first-byte' | 'idle' | 'total' }
  | { kind: 'connection-failed'; reason: ConnectionFailure }
  /** The caller's signal fired (the client went away): nothing to retry. */
  | { kind: 'aborted' }
  /** A 2xx the adapter could not read (malformed JSON it had to translate). */
  | { kind: 'invalid-response'; message: string }
  | Unsupported;

/** A 2xx answer whose first body bytes have arrived. */
export interface UpstreamResponse {
  kind: 'response';
  status: number;
  /** Lowercase names, hop-by-hop headers removed. */
  headers: Readonly<Record<string, string>>;
  /**
   * The body, streamed as it arrives (SSE is never buffered). Cancel it to abort the upstream
   * request. It errors with an `UpstreamStreamError` when the upstream fails mid-way.
   */
  body: ReadableStream<Uint8Array>;
}

export type UpstreamOutcome = UpstreamResponse | UpstreamFailure;

/** Turns a provider's 2xx body into the client's wire format. */
export interface ResponseTranslator {
  /** A whole non-streamed body (already read) → the client's JSON. Throws on a malformed body. */
  json(body: string): string;
  /** A streamed body → the client's SSE, event by event. */
  stream(): TransformStream<Uint8Array, Uint8Array>;
}

/** How one endpoint is spoken to one kind of provider. */
export interface EndpointAdapter<Request, Extra = undefined> {
  /** Synchronous for most providers; a Promise where building awaits something (Bedrock's SigV4 signer). */
  build(
    deployment: ResolvedDeployment,
    request: Request,
    extra: Extra,
  ): UpstreamRequest | Unsupported | Promise<UpstreamRequest | Unsupported>;
  /** Absent when the provider already speaks the client's format: bytes pass through. */
  translate?: (request: Request) => ResponseTranslator;
}

/**
 * A provider kind as data: how each endpoint's request is built and, where the provider speaks
 * another format, how its answer is translated. Sending is `forward*()`'s job, for every adapter.
 */
export interface ProviderAdapter {
  /** OpenAI-format `POST /v1/chat/completions`. */
  chat: EndpointAdapter<ChatCompletionRequest>;
  /** OpenAI-format `POST /v1/embeddings`; absent when the provider has none. */
  embeddings?: EndpointAdapter<EmbeddingsRequest>;
  /** Anthropic-format `POST /v1/messages`; absent when the provider does not speak it. */
  messages?: EndpointAdapter<AnthropicMessagesRequest, AnthropicClientHeaders>;
}
