import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  anthropicErrorReply,
  anthropicEvents,
  anthropicMessage,
  anthropicModels,
  readAnthropicMessages,
} from './anthropic-wire.js';
import {
  BEDROCK_PATH,
  EVENT_STREAM_CONTENT_TYPE,
  awsErrorReply,
  bedrockConverse,
  bedrockErrorReply,
  bedrockStreamEvents,
  checkBedrockSignature,
  encodeBedrockEvent,
  readBedrockConverse,
  sigV4AccessKeyId,
  type FakeAwsCredentials,
} from './bedrock-wire.js';
import {
  DEFAULT_REPLY_TEXT,
  ReleaseGate,
  delay,
  untilAborted,
  type FakeErrorScript,
  type FakeReply,
  type FakeStreamScript,
} from './fake-llm-script.js';
import {
  openAiChatCompletion,
  openAiChatEvents,
  openAiEmbeddings,
  openAiErrorReply,
  openAiInvalid,
  openAiModels,
  readOpenAiChat,
  type JsonReply,
  type OpenAiFlavour,
} from './openai-wire.js';
import { planReply, type ReplyPlan, type WireEvent } from './reply-plan.js';
import { formatSseEvent } from './sse.js';

/** The wire format a request was addressed in. */
export type FakeProviderStyle = 'openai' | 'azure-openai' | 'anthropic' | 'bedrock';

/** How the fake's side of a request ended. */
export type FakeRequestOutcome = 'completed' | 'aborted' | 'reset';

/** A request as the fake received it, credentials masked. */
export interface RecordedRequest {
  /** The wire format of the route; `unknown` for a path the fake does not serve. */
  readonly style: FakeProviderStyle | 'unknown';
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lowercase names; `authorization`, `api-key` and `x-api-key` values are masked. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  readonly body: unknown;
  readonly rawBody: string;
  /** The client's port: requests with the same value came over one (kept-alive) connection. */
  readonly clientPort: number;
  /**
   * True when the request presented exactly this secret (Bearer token, `api-key` or `x-api-key`),
   * or this AWS access key id in a SigV4 signature (the secret key itself is never sent).
   */
  hasCredential(expected: string): boolean;
  /** Settles once the fake is done with the request: answered, left by the client, or reset. */
  outcome(): Promise<FakeRequestOutcome>;
}

export interface FakeLlmOptions {
  /** When set, every style's credential must equal it; otherwise any non-empty one is accepted. */
  apiKey?: string;
  /**
   * The AWS key pair Bedrock-style requests must be SigV4-signed with (the signature is recomputed
   * and compared); otherwise any well-formed, current signature for service `bedrock` is accepted.
   */
  aws?: FakeAwsCredentials;
  /** What an unscripted request gets; `{}` (the default text reply) unless set. */
  defaultReply?: FakeReply;
  /** The ids `GET /v1/models` lists. */
  models?: readonly string[];
}

export interface FakeLlm {
  /**
   * `http://127.0.0.1:<port>`. OpenAI clients use `${url}/v1`; Anthropic clients and Azure OpenAI
   * clients (endpoint) use `url` itself.
   */
  readonly url: string;
  /** Every request received so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Queues replies; each chat, embeddings or messages request takes the next one. */
  script(...replies: FakeReply[]): void;
  /** Lets one gated content delta out (kept as credit when no stream is waiting). */
  releaseNext(): void;
  /**
   * How many gated deltas are held right now (one per stream waiting for `releaseNext()`): a reader
   * that got delta N while this is 1 has proof that delta N+1 had not been sent yet.
   */
  heldChunks(): number;
  /** Resolves once at least `count` requests have been received. */
  waitForRequests(count: number): Promise<readonly RecordedRequest[]>;
  /** Forgets recorded requests, queued replies and release credit. */
  reset(): void;
  /** Stops listening and cuts every open connection, hung and gated ones included. */
  close(): Promise<void>;
}

const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small', 'claude-sonnet-4-5'];
const DEFAULT_AZURE_API_VERSION_MISSING: JsonReply = {
  status: 404,
  body: { error: { code: '404', message: 'Resource not found' } },
};
const MASK = '[masked]';
const CREDENTIAL_HEADERS = new Set(['authorization', 'api-key', 'x-api-key']);
const AZURE_PATH = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;
const SSE_FRAMING = {
  contentType: 'text/event-stream; charset=utf-8',
  encode: (event: WireEvent): Uint8Array => Buffer.from(formatSseEvent(event.data, event.event)),
};
const BEDROCK_FRAMING = { contentType: EVENT_STREAM_CONTENT_TYPE, encode: encodeBedrockEvent };

type Route =
  | { kind: 'chat'; style: OpenAiFlavour; deployment?: string }
  | { kind: 'embeddings'; style: OpenAiFlavour; deployment?: string }
  | { kind: 'models' }
  | { kind: 'messages' }
  | { kind: 'converse'; modelId: string; stream: boolean }
  | { kind: 'none'; allow?: string };

function routeOf(method: string, path: string): Route {
  const expect = (wanted: string, route: Route): Route =>
    method === wanted ? route : { kind: 'none', allow: wanted };
  if (path === '/v1/chat/completions') return expect('POST', { kind: 'chat', style: 'openai' });
  if (path === '/v1/embeddings') return expect('POST', { kind: 'embeddings', style: 'openai' });
  if (path === '/v1/models') return expect('GET', { kind: 'models' });
  if (path === '/v1/messages') return expect('POST', { kind: 'messages' });
  const bedrock = BEDROCK_PATH.exec(path);
  if (bedrock !== null) {
    const modelId = decodeURIComponent(bedrock[1] ?? '');
    return expect('POST', { kind: 'converse', modelId, stream: bedrock[2] === 'converse-stream' });
  }
  const azure = AZURE_PATH.exec(path);
  if (azure !== null) {
    const deployment = decodeURIComponent(azure[1] ?? '');
    const kind = azure[2] === 'embeddings' ? 'embeddings' : 'chat';
    return expect('POST', { kind, style: 'azure-openai', deployment });
  }
  return { kind: 'none' };
}

function styleOf(route: Route, headers: IncomingMessage['headers']): FakeProviderStyle | 'unknown' {
  switch (route.kind) {
    case 'chat':
    case 'embeddings':
      return route.style;
    case 'messages':
      return 'anthropic';
    case 'converse':
      return 'bedrock';
    case 'models':
      return headers['anthropic-version'] === undefined ? 'openai' : 'anthropic';
    case 'none':
      return 'unknown';
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    flat[name] = CREDENTIAL_HEADERS.has(name) ? (/^bearer /i.test(text) ? `Bearer ${MASK}` : MASK) : text;
  }
  return flat;
}

function credentialsOf(headers: IncomingMessage['headers']): string[] {
  const found: string[] = [];
  const auth = headers.authorization;
  if (auth !== undefined && /^bearer /i.test(auth)) found.push(auth.slice('bearer '.length).trim());
  const accessKeyId = sigV4AccessKeyId(auth);
  if (accessKeyId !== undefined) found.push(accessKeyId);
  for (const name of ['api-key', 'x-api-key']) {
    const value = headers[name];
    if (typeof value === 'string') found.push(value);
  }
  return found;
}

/**
 * Starts a fake of the OpenAI, Azure OpenAI and Anthropic HTTP APIs on `127.0.0.1:0`: chat
 * completions (JSON and SSE, tools, `stream_options.include_usage`), embeddings, models, Anthropic
 * messages (JSON and SSE, tool use), each provider's auth headers and error bodies, and scripted
 * failures (errors with `retry-after`, resets, hangs, stalls, delays, gated chunk-by-chunk streams).
 * Bedrock's Converse and ConverseStream (`/model/{id}/converse[-stream]`) check the SigV4
 * signature and stream binary AWS event stream messages.
 *
 * @example
 * const fake = await startFakeLlm({ apiKey: 'sk-test' });
 * fake.script({ stream: { chunks: ['Hel', 'lo'], gate: true } });
 * // … start a streaming request, then:
 * fake.releaseNext(); // the first delta goes out; the second waits for the next release
 * await fake.close();
 */
export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const models = options.models ?? DEFAULT_MODELS;
  const defaultReply = options.defaultReply ?? {};
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const gate = new ReleaseGate();
  const live = new Set<AbortController>();
  const requestWaiters: { count: number; resolve: (value: readonly RecordedRequest[]) => void }[] = [];
  let counter = 0;
  const nextId = (prefix: string): string => {
    counter += 1;
    return `${prefix}${counter}`;
  };

  const record = (entry: RecordedRequest): void => {
    requests.push(entry);
    for (const waiter of [...requestWaiters]) {
      if (requests.length >= waiter.count) {
        requestWaiters.splice(requestWaiters.indexOf(waiter), 1);
        waiter.resolve(requests);
      }
    }
  };

  const credentialAccepted = (presented: string | undefined): boolean =>
    presented !== undefined &&
    presented !== '' &&
    (options.apiKey === undefined || presented === options.apiKey);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const controller = new AbortController();
    const { signal } = controller;
    live.add(controller);
    let resetByFake = false;
    let settle: (outcome: FakeRequestOutcome) => void = () => undefined;
    const outcome = new Promise<FakeRequestOutcome>((resolve) => {
      settle = resolve;
    });
    res.on('close', () => {
      live.delete(controller);
      controller.abort();
      settle(resetByFake ? 'reset' : res.writableFinished ? 'completed' : 'aborted');
    });
    const reset = (): void => {
      resetByFake = true;
      req.socket.resetAndDestroy();
    };

    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return;
    }
    const bodyBytes = Buffer.concat(chunks);
    const rawBody = bodyBytes.toString('utf8');
    let body: unknown;
    let bodyIsJson = rawBody === '';
    if (rawBody !== '') {
      try {
        body = JSON.parse(rawBody) as unknown;
        bodyIsJson = true;
      } catch {
        body = undefined;
      }
    }
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = req.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    const style = styleOf(route, req.headers);
    const presented = credentialsOf(req.headers);
    record({
      style,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req.headers),
      body,
      rawBody,
      clientPort: req.socket.remotePort ?? 0,
      hasCredential: (expected) => presented.includes(expected),
      outcome: () => outcome,
    });

    const requestId = nextId('req_fake');
    const idHeader: Record<string, string> =
      style === 'anthropic'
        ? { 'request-id': requestId }
        : style === 'bedrock'
          ? { 'x-amzn-requestid': requestId }
          : { 'x-request-id': requestId };
    const sendJson = (reply: JsonReply, extra: Readonly<Record<string, string>> = {}): void => {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
        ...idHeader,
        ...reply.headers,
        ...extra,
      });
      res.end(text);
    };
    const errorReply = (script: FakeErrorScript): JsonReply =>
      style === 'anthropic'
        ? anthropicErrorReply(script, requestId)
        : style === 'bedrock'
          ? bedrockErrorReply(script)
          : openAiErrorReply(style === 'azure-openai' ? 'azure-openai' : 'openai', script);

    const writeStream = async (
      events: readonly WireEvent[],
      script: FakeStreamScript | undefined,
      extra: Readonly<Record<string, string>>,
      framing: { contentType: string; encode: (event: WireEvent) => Uint8Array } = SSE_FRAMING,
    ): Promise<void> => {
      res.writeHead(200, {
        'content-type': framing.contentType,
        'cache-control': 'no-cache',
        ...idHeader,
        ...extra,
      });
      res.flushHeaders();
      const segments: Buffer[] = [];
      let pending: Uint8Array[] = [];
      for (const event of events) {
        pending.push(framing.encode(event));
        if (event.unit) {
          segments.push(Buffer.concat(pending));
          pending = [];
        }
      }
      const stopAt = (index: number): 'stall' | 'reset' | undefined => {
        if (script?.stallAfter === index) return 'stall';
        if (script?.resetAfter === index) return 'reset';
        return undefined;
      };
      for (let index = 0; index <= segments.length; index += 1) {
        const stop = stopAt(index);
        if (stop === 'stall') await untilAborted(signal);
        if (stop === 'reset') {
          reset();
          return;
        }
        const segment = segments[index];
        if (segment === undefined) break;
        if (script?.gate === true) await gate.wait(signal);
        res.write(segment);
      }
      res.end(Buffer.concat(pending));
    };

    const answer = async (): Promise<void> => {
      if (route.kind === 'none') {
        const message = `Invalid URL (${method} ${url.pathname})`;
        if (route.allow !== undefined) {
          sendJson(openAiErrorReply('openai', { status: 405, message, type: 'invalid_request_error' }), {
            allow: route.allow,
          });
        } else {
          sendJson(
            openAiErrorReply('openai', { status: 404, message, type: 'invalid_request_error', code: null }),
          );
        }
        return;
      }
      if (style === 'anthropic') {
        if (req.headers['x-api-key'] === undefined) {
          sendJson(anthropicErrorReply({ status: 401, message: 'x-api-key header is required' }, requestId));
          return;
        }
        if (!credentialAccepted(req.headers['x-api-key'] as string)) {
          sendJson(anthropicErrorReply({ status: 401, message: 'invalid x-api-key' }, requestId));
          return;
        }
        if (req.headers['anthropic-version'] === undefined) {
          sendJson(
            anthropicErrorReply({ status: 400, message: 'anthropic-version: header is required' }, requestId),
          );
          return;
        }
      } else if (style === 'bedrock') {
        const refused = await checkBedrockSignature(
          {
            method,
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            headers: req.headers,
            body: bodyBytes,
          },
          options.aws,
          new Date(),
        );
        if (refused !== undefined) {
          sendJson(refused);
          return;
        }
      } else if (style === 'azure-openai') {
        if (!credentialAccepted(req.headers['api-key'] as string | undefined)) {
          sendJson(
            openAiErrorReply('azure-openai', {
              status: 401,
              message:
                'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
            }),
          );
          return;
        }
        if (!url.searchParams.has('api-version')) {
          sendJson(DEFAULT_AZURE_API_VERSION_MISSING);
          return;
        }
      } else {
        const auth = req.headers.authorization;
        if (auth === undefined || !/^bearer /i.test(auth)) {
          sendJson(
            openAiErrorReply('openai', {
              status: 401,
              message:
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
              code: null,
            }),
          );
          return;
        }
        if (!credentialAccepted(presented[0])) {
          sendJson(openAiErrorReply('openai', { status: 401 }));
          return;
        }
      }
      if (route.kind === 'models') {
        sendJson(style === 'anthropic' ? anthropicModels(models) : openAiModels(models));
        return;
      }

      const reply = queue.shift() ?? defaultReply;
      if (reply.delayMs !== undefined) await delay(reply.delayMs, signal);
      if (reply.fail === 'reset') {
        reset();
        return;
      }
      if (reply.fail === 'hang') await untilAborted(signal);
      const extra = reply.headers ?? {};
      if (reply.error !== undefined) {
        sendJson(errorReply(reply.error), extra);
        return;
      }
      if (!bodyIsJson) {
        sendJson(
          style === 'bedrock'
            ? awsErrorReply(400, 'SerializationException', 'The request body is not valid JSON.')
            : style === 'anthropic'
              ? anthropicErrorReply(
                  { status: 400, message: 'There was an error parsing the body of your request.' },
                  requestId,
                )
              : openAiInvalid(
                  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
                  null,
                ),
          extra,
        );
        return;
      }
      const undeclaredTool = (plan: ReplyPlan, declared: ReadonlySet<string>): string | undefined =>
        plan.toolCalls.find((call) => !declared.has(call.name))?.name;

      if (route.kind === 'embeddings') {
        sendJson(openAiEmbeddings(body, route.deployment), extra);
        return;
      }
      if (route.kind === 'converse') {
        const view = readBedrockConverse(body, route.modelId, route.stream);
        if ('status' in view) {
          sendJson(view, extra);
          return;
        }
        const plan = planReply(reply, view, () => nextId('tooluse_fake'));
        const missing = undeclaredTool(plan, view.toolNames);
        if (missing !== undefined) {
          sendJson(
            awsErrorReply(
              400,
              'ValidationException',
              `The fake LLM was scripted to call the tool '${missing}', which the request did not declare in 'toolConfig'.`,
            ),
            extra,
          );
          return;
        }
        if (view.stream) {
          await writeStream(bedrockStreamEvents(plan), reply.stream, extra, BEDROCK_FRAMING);
        } else {
          sendJson({ status: 200, body: bedrockConverse(plan) }, extra);
        }
        return;
      }
      if (route.kind === 'chat') {
        const view = readOpenAiChat(body, route.deployment);
        if ('status' in view) {
          sendJson(view, extra);
          return;
        }
        // In JSON mode the default reply is JSON too, so a client that parses it does not choke.
        const scripted =
          view.jsonMode && reply.text === undefined && reply.toolCalls === undefined
            ? { text: JSON.stringify({ reply: DEFAULT_REPLY_TEXT }), ...reply }
            : reply;
        const plan = planReply(scripted, view, () => nextId('call_fake'));
        const missing = undeclaredTool(plan, view.toolNames);
        if (missing !== undefined) {
          sendJson(
            openAiInvalid(
              `The fake LLM was scripted to call the tool '${missing}', which the request did not declare in 'tools'.`,
              'tools',
            ),
            extra,
          );
          return;
        }
        const ids = { id: nextId('chatcmpl-fake'), created: Math.floor(Date.now() / 1000) };
        if (view.stream) {
          await writeStream(openAiChatEvents(route.style, view, plan, ids), reply.stream, extra);
        } else {
          sendJson({ status: 200, body: openAiChatCompletion(route.style, view, plan, ids) }, extra);
        }
        return;
      }
      const view = readAnthropicMessages(body, requestId);
      if ('status' in view) {
        sendJson(view, extra);
        return;
      }
      const plan = planReply(reply, view, () => nextId('toolu_fake'));
      const missing = undeclaredTool(plan, view.toolNames);
      if (missing !== undefined) {
        sendJson(
          anthropicErrorReply(
            {
              status: 400,
              message: `The fake LLM was scripted to call the tool '${missing}', which the request did not declare in 'tools'.`,
            },
            requestId,
          ),
          extra,
        );
        return;
      }
      const id = nextId('msg_fake');
      if (view.stream) {
        await writeStream(anthropicEvents(view, plan, id), reply.stream, extra);
      } else {
        sendJson({ status: 200, body: anthropicMessage(view, plan, id) }, extra);
      }
    };

    try {
      await answer();
    } catch (error) {
      if (signal.aborted) {
        res.destroy();
        return;
      }
      if (!res.headersSent) {
        sendJson({ status: 500, body: { error: { message: `fake LLM failure: ${String(error)}` } } });
      } else {
        res.destroy();
      }
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(...replies) {
      queue.push(...replies);
    },
    releaseNext() {
      gate.release();
    },
    heldChunks() {
      return gate.waiting;
    },
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve(requests);
      return new Promise((resolve) => {
        requestWaiters.push({ count, resolve });
      });
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
      gate.reset();
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        for (const controller of live) controller.abort();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
