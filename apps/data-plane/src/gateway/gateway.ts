import type { IncomingHttpHeaders } from 'node:http';
import { GatewayErrorCode, OpenAiErrorType } from '@portcullis/contracts';
import { standing } from '@portcullis/policy';
import { GatewayError } from '../http/gateway-error.js';
import type { NodeSecrets } from '../config-sync/node-secrets.js';
import type { AnthropicClientHeaders, AnthropicMessagesRequest } from '../providers/anthropic-wire.js';
import { forwardChatCompletion, forwardEmbeddings, forwardMessages } from '../providers/forward.js';
import type { ChatCompletionRequest, EmbeddingsRequest } from '../providers/openai-wire.js';
import type { ResolvedDeployment, UpstreamOutcome } from '../providers/provider-types.js';
import type { UpstreamClient } from '../providers/upstream-client.js';
import type { LoadedConfig } from '../snapshot/config-store.js';
import { authenticate, type Caller } from './authenticate.js';
import { assertAllowed } from './authorize.js';
import { GatewayRuntime } from './gateway-runtime.js';
import { Router } from './router.js';
import { TokenVerifier } from './token-verifier.js';

export interface GatewayDeps {
  /** The configuration in force (with its indexes). */
  loaded(): LoadedConfig | undefined;
  /** The fleet secrets (API-key hashing key, fleet keys); undefined until fetched. */
  secrets(): NodeSecrets | undefined;
  upstream: UpstreamClient;
  router?: Router;
  /** Verifies IdP access tokens (JWKS caches live here, across configurations). */
  tokens?: TokenVerifier;
  now?: () => number;
}

/** What a gateway route answers: JSON text, or a stream passed through as it arrives. */
export interface GatewayReply {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string | ReadableStream<Uint8Array>;
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
  ): Promise<GatewayReply> {
    const body = requireMessages(input);
    if (body.stream !== undefined && typeof body.stream !== 'boolean')
      throw badRequest('stream must be a boolean', 'stream');
    const request = body as unknown as ChatCompletionRequest;
    return this.#forward(headers, body, signal, (upstream, deployment, model) =>
      forwardChatCompletion(upstream, deployment, { ...request, model }, { signal }),
    );
  }

  async embeddings(headers: IncomingHttpHeaders, input: unknown, signal: AbortSignal): Promise<GatewayReply> {
    const body = requireObject(input);
    modelOf(body);
    if (body.input === undefined) throw badRequest('you must provide an input parameter', 'input');
    const request = body as unknown as EmbeddingsRequest;
    return this.#forward(headers, body, signal, (upstream, deployment, model) =>
      forwardEmbeddings(upstream, deployment, { ...request, model }, { signal }),
    );
  }

  async messages(headers: IncomingHttpHeaders, input: unknown, signal: AbortSignal): Promise<GatewayReply> {
    const body = requireMessages(input);
    const request = body as unknown as AnthropicMessagesRequest;
    const clientHeaders: AnthropicClientHeaders = {
      ...(typeof headers['anthropic-version'] === 'string'
        ? { anthropicVersion: headers['anthropic-version'] }
        : {}),
      ...(typeof headers['anthropic-beta'] === 'string' ? { anthropicBeta: headers['anthropic-beta'] } : {}),
    };
    return this.#forward(headers, body, signal, (upstream, deployment, model) =>
      forwardMessages(upstream, deployment, { ...request, model }, clientHeaders, { signal }),
    );
  }

  /**
   * What every model route does once its body is checked: authenticate, decide, route to the
   * model's deployments (the upstream model name swapped in), pass the answer through.
   */
  async #forward(
    headers: IncomingHttpHeaders,
    body: Record<string, unknown>,
    signal: AbortSignal,
    send: (
      upstream: UpstreamClient,
      deployment: ResolvedDeployment,
      upstreamModel: string,
    ) => Promise<UpstreamOutcome>,
  ): Promise<GatewayReply> {
    const { runtime, model } = await this.#admit(headers, modelOf(body));
    const routed = await this.#router.route(
      runtime.deployments(model),
      (deployment) => send(this.deps.upstream, deployment, deployment.upstreamModel),
      signal,
    );
    return passThrough(routed.response.status, routed.response.headers, routed.response.body);
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

  async #admit(headers: IncomingHttpHeaders, alias: string) {
    const { caller, runtime } = await this.#authenticated(headers);
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
    return { caller, runtime, model };
  }
}

function passThrough(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: ReadableStream<Uint8Array>,
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
