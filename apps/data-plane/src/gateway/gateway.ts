import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type BundleModel, GatewayErrorCode, OpenAiErrorType, type UsageEvent } from '@portcullis/contracts';
import { standing } from '@portcullis/policy';
import { GatewayError } from '../http/gateway-error.js';
import type { NodeSecrets } from '../config-sync/node-secrets.js';
import type { AnthropicClientHeaders, AnthropicMessagesRequest } from '../providers/anthropic-wire.js';
import { forwardChatCompletion, forwardEmbeddings, forwardMessages } from '../providers/forward.js';
import type { ChatCompletionRequest, EmbeddingsRequest } from '../providers/openai-wire.js';
import type { ResolvedDeployment, UpstreamOutcome } from '../providers/provider-types.js';
import { bodySourceOf, type BodySource } from '../providers/upstream-body.js';
import type { UpstreamClient } from '../providers/upstream-client.js';
import { costOf, estimateTokens, requestTexts, type TokenUsage } from '../metering/token-usage.js';
import { type BodyFilter, type TapResult, usageFilter } from '../metering/usage-tap.js';
import type { LoadedConfig } from '../snapshot/config-store.js';
import { authenticate, type Caller } from './authenticate.js';
import { assertAllowed } from './authorize.js';
import { GatewayRuntime, type RoutableDeployment } from './gateway-runtime.js';
import { Router, type RoutedResponse } from './router.js';
import { TokenVerifier } from './token-verifier.js';

/**
 * The server's view of a request: its id, and who called which model once the gateway knows
 * (for the request's log line; never a body or a credential).
 */
export interface RequestInfo {
  requestId: string;
  caller?: {
    tenantId: string;
    principal: string;
    keyId: string | null;
    model: string;
  };
}

/** Where usage events go (the node's {@link UsageShipper}). */
export interface UsageRecorder {
  record(event: UsageEvent): void;
}

export interface GatewayDeps {
  /** The configuration in force (with its indexes). */
  loaded(): LoadedConfig | undefined;
  /** The fleet secrets (API-key hashing key, fleet keys); undefined until fetched. */
  secrets(): NodeSecrets | undefined;
  upstream: UpstreamClient;
  router?: Router;
  /** Verifies IdP access tokens (JWKS caches live here, across configurations). */
  tokens?: TokenVerifier;
  /** Receives one usage event per call of a known caller; without it nothing is metered. */
  usage?: UsageRecorder;
  now?: () => number;
}

/** What a gateway route answers: JSON text, or a stream passed through as it arrives. */
export interface GatewayReply {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string | BodySource;
  /** To apply to a streamed body while writing it (metering); see `filtered()` for other readers. */
  filter?: BodyFilter;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

const badRequest = (message: string, param: string | null): GatewayError =>
  new GatewayError(400, OpenAiErrorType.InvalidRequest, GatewayErrorCode.BadRequest, message, {}, param);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function modelOf(body: Record<string, unknown>): string {
  const model = body.model;
  if (typeof model !== 'string' || model.trim() === '' || model.length > 256) {
    throw badRequest('you must provide a model parameter (a model alias, 1 to 256 characters)', 'model');
  }
  return model;
}

function requireObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object', null);
  return body;
}

/** A chat body (OpenAI or Anthropic): an object naming a model, with at least one message. */
function requireMessages(input: unknown): Record<string, unknown> {
  const body = requireObject(input);
  modelOf(body);
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw badRequest('messages must be a non-empty array', 'messages');
  }
  return body;
}

/**
 * The request pipeline of the OpenAI- and Anthropic-compatible API: authenticate the caller,
 * decide with libs/policy, route to the model's deployments, and pass the answer through.
 */
export class Gateway {
  readonly #runtimes = new WeakMap<LoadedConfig, GatewayRuntime>();
  readonly #router: Router;
  readonly #tokens: TokenVerifier;
  readonly #now: () => number;

  constructor(private readonly deps: GatewayDeps) {
    this.#router = deps.router ?? new Router();
    this.#tokens = deps.tokens ?? new TokenVerifier();
    this.#now = deps.now ?? Date.now;
  }

  async chatCompletions(
    headers: IncomingHttpHeaders,
    input: unknown,
    signal: AbortSignal,
    info: RequestInfo = { requestId: randomUUID() },
  ): Promise<GatewayReply> {
    const body = requireMessages(input);
    if (body.stream !== undefined && typeof body.stream !== 'boolean')
      throw badRequest('stream must be a boolean', 'stream');
    const request = body as unknown as ChatCompletionRequest;
    const stream = body.stream === true;
    const clientWantsUsage = request.stream_options?.include_usage === true;
    // A stream reports its tokens only when asked: ask, and drop that chunk for a client that did not.
    const upstreamRequest: ChatCompletionRequest =
      stream && !clientWantsUsage && this.deps.usage !== undefined
        ? { ...request, stream_options: { ...request.stream_options, include_usage: true } }
        : request;
    return this.#forward(
      { headers, body, signal, info, route: 'chat.completions', format: 'openai', stream },
      { dropUsageChunk: stream && !clientWantsUsage },
      (upstream, deployment, model) =>
        forwardChatCompletion(upstream, deployment, { ...upstreamRequest, model }, { signal }),
    );
  }

  async embeddings(
    headers: IncomingHttpHeaders,
    input: unknown,
    signal: AbortSignal,
    info: RequestInfo = { requestId: randomUUID() },
  ): Promise<GatewayReply> {
    const body = requireObject(input);
    modelOf(body);
    if (body.input === undefined) throw badRequest('you must provide an input parameter', 'input');
    const request = body as unknown as EmbeddingsRequest;
    return this.#forward(
      { headers, body, signal, info, route: 'embeddings', format: 'openai', stream: false },
      { dropUsageChunk: false },
      (upstream, deployment, model) =>
        forwardEmbeddings(upstream, deployment, { ...request, model }, { signal }),
    );
  }

  async messages(
    headers: IncomingHttpHeaders,
    input: unknown,
    signal: AbortSignal,
    info: RequestInfo = { requestId: randomUUID() },
  ): Promise<GatewayReply> {
    const body = requireMessages(input);
    const request = body as unknown as AnthropicMessagesRequest;
    const clientHeaders: AnthropicClientHeaders = {
      ...(typeof headers['anthropic-version'] === 'string'
        ? { anthropicVersion: headers['anthropic-version'] }
        : {}),
      ...(typeof headers['anthropic-beta'] === 'string' ? { anthropicBeta: headers['anthropic-beta'] } : {}),
    };
    return this.#forward(
      {
        headers,
        body,
        signal,
        info,
        route: 'messages',
        format: 'anthropic',
        stream: body.stream === true,
      },
      { dropUsageChunk: false },
      (upstream, deployment, model) =>
        forwardMessages(upstream, deployment, { ...request, model }, clientHeaders, { signal }),
    );
  }

  /**
   * What every model route does once its body is checked: authenticate, decide, route to the
   * model's deployments (the upstream model name swapped in), pass the answer through — and, for
   * a caller it knows, one usage event when the answer has ended (refusals included).
   */
  async #forward(
    call: Call,
    tap: { dropUsageChunk: boolean },
    send: (
      upstream: UpstreamClient,
      deployment: ResolvedDeployment,
      upstreamModel: string,
    ) => Promise<UpstreamOutcome>,
  ): Promise<GatewayReply> {
    const started = performance.now();
    const startedAt = this.#now();
    const alias = modelOf(call.body);
    const { caller, runtime } = await this.#authenticated(call.headers);
    call.info.caller = {
      tenantId: caller.tenantId,
      principal: `${caller.principal.kind}:${caller.principal.id}`,
      keyId: caller.keyId,
      model: alias,
    };
    const usage = this.deps.usage;
    const record = (outcome: CallOutcome): void => {
      if (usage !== undefined) void this.#record(usage, call, caller, alias, startedAt, started, outcome);
    };
    let model: BundleModel;
    let routed: RoutedResponse;
    let routeStarted = 0;
    try {
      model = this.#decide(caller, runtime, alias);
      routeStarted = performance.now();
      routed = await this.#router.route(
        runtime.deployments(model),
        (deployment) => send(this.deps.upstream, deployment, deployment.upstreamModel),
        call.signal,
      );
    } catch (error) {
      if (error instanceof GatewayError) {
        record({ status: error.status, errorCode: error.code, routeStarted, model: undefined });
      }
      throw error;
    }
    const { response, deployment, attempts } = routed;
    if (usage === undefined) return passThrough(response.status, response.headers, bodySourceOf(response));
    const sse = response.headers['content-type']?.startsWith('text/event-stream') === true;
    const dropUsageChunk = tap.dropUsageChunk && sse;
    const filter = usageFilter({
      format: call.format,
      sse,
      dropUsageChunk,
      onEnd: (result) => {
        record({
          status: result.completed ? response.status : 499,
          errorCode: result.completed ? (response.status >= 400 ? 'upstream_error' : null) : 'client_closed',
          routeStarted,
          model,
          deployment,
          attempts,
          tap: result,
        });
      },
    });
    return { ...passThrough(response.status, response.headers, bodySourceOf(response)), filter };
  }

  /** Builds and hands over a call's usage event; counting tokens may need the tokenizer (async). */
  async #record(
    usage: UsageRecorder,
    call: Call,
    caller: Caller,
    alias: string,
    startedAt: number,
    started: number,
    outcome: CallOutcome,
  ): Promise<void> {
    const ended = performance.now();
    const tokens = await tokensOf(call.body, outcome);
    usage.record({
      id: randomUUID(),
      requestId: call.info.requestId,
      occurredAt: new Date(startedAt).toISOString(),
      tenantId: caller.tenantId,
      principal: { kind: caller.principal.kind, id: caller.principal.id },
      keyId: caller.keyId,
      route: call.route,
      model: alias,
      stream: call.stream,
      deployment:
        outcome.deployment === undefined
          ? null
          : { providerId: outcome.deployment.providerId, upstreamModel: outcome.deployment.upstreamModel },
      status: outcome.status,
      errorCode: outcome.errorCode,
      tokens,
      cost: tokens === null || outcome.model === undefined ? null : costOf(tokens, outcome.model.prices),
      latencyMs: {
        total: round(ended - started),
        upstream:
          outcome.routeStarted === 0 || outcome.deployment === undefined
            ? null
            : round(ended - outcome.routeStarted),
      },
      attempts: outcome.attempts ?? 0,
      cacheHit: false,
      redactions: {},
    });
  }

  /** `GET /v1/models`: only the models this caller may call. */
  async models(headers: IncomingHttpHeaders): Promise<GatewayReply> {
    const { caller, runtime } = await this.#authenticated(headers);
    const now = this.#now();
    // A deactivated caller or a dead key is refused here too, not answered with an empty list.
    assertAllowed(standing(caller.principal, now), '');
    const created = Math.floor(Date.parse(runtime.bundle.issuedAt) / 1000);
    const data = runtime
      .aliases(caller.tenantId)
      .filter((alias) => runtime.policy.decide(caller.principal, alias, now).allowed)
      .map((alias) => ({ id: alias, object: 'model', created, owned_by: 'portcullis' }));
    return { status: 200, headers: JSON_HEADERS, body: JSON.stringify({ object: 'list', data }) };
  }

  async #authenticated(headers: IncomingHttpHeaders): Promise<{ caller: Caller; runtime: GatewayRuntime }> {
    const loaded = this.deps.loaded();
    const secrets = this.deps.secrets();
    if (loaded === undefined || secrets === undefined) {
      throw new GatewayError(
        503,
        OpenAiErrorType.ServiceUnavailable,
        GatewayErrorCode.NotReady,
        'The gateway has no configuration yet; retry shortly',
      );
    }
    let runtime = this.#runtimes.get(loaded);
    if (runtime === undefined) {
      runtime = new GatewayRuntime(loaded.bundle, secrets.fleetKeys);
      this.#runtimes.set(loaded, runtime);
    }
    const known = runtime;
    const caller = await authenticate(headers, {
      indexes: loaded.indexes,
      apiKeyHashing: secrets.apiKeyHashing,
      tokens: () => known.tokens(),
      verifier: this.#tokens,
    });
    return { caller, runtime };
  }

  #decide(caller: Caller, runtime: GatewayRuntime, alias: string): BundleModel {
    assertAllowed(runtime.policy.decide(caller.principal, alias, this.#now()), alias);
    const model = runtime.model(caller.tenantId, alias);
    if (model === undefined) {
      throw new GatewayError(
        404,
        OpenAiErrorType.InvalidRequest,
        'model_not_found',
        `The model "${alias}" does not exist`,
        {},
        'model',
      );
    }
    return model;
  }
}

/** One model call as the gateway sees it. */
interface Call {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  signal: AbortSignal;
  info: RequestInfo;
  route: UsageEvent['route'];
  /** The wire format the client reads. */
  format: 'openai' | 'anthropic';
  stream: boolean;
}

/** How a call ended, for its usage event. */
interface CallOutcome {
  status: number;
  errorCode: string | null;
  /** `performance.now()` when routing began; 0 when the call never got there. */
  routeStarted: number;
  model: BundleModel | undefined;
  deployment?: RoutableDeployment;
  attempts?: number;
  tap?: TapResult;
}

/** The provider's count; an estimate when a successful answer had none; null otherwise. */
async function tokensOf(body: Record<string, unknown>, outcome: CallOutcome): Promise<TokenUsage | null> {
  const tap = outcome.tap;
  if (tap === undefined) return null;
  if (tap.usage !== undefined) return tap.usage;
  if (outcome.status >= 400 && outcome.status !== 499) return null;
  const [input, output] = await Promise.all([
    estimateTokens(requestTexts(body)),
    estimateTokens(tap.outputTexts),
  ]);
  return { input, output, cachedInput: 0, estimated: true };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

function passThrough(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: BodySource,
): GatewayReply {
  const kept: Record<string, string> = {};
  for (const name of [
    'content-type',
    'content-length',
    'openai-processing-ms',
    'anthropic-request-id',
    'x-request-id',
  ]) {
    const value = headers[name];
    if (value !== undefined) kept[name === 'x-request-id' ? 'x-upstream-request-id' : name] = value;
  }
  return { status, headers: kept, body };
}
