import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { adminErrorBodySchema, type UsageEvent } from '@portcullis/contracts';
import type { EncryptionPublicJwk, PublicJwk } from '@portcullis/signing';
import { Agent, request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { UsageSendError } from '../metering/usage-shipper.js';

const gunzipAsync = promisify(gunzip);

/**
 * The largest signed document a node accepts, compressed or not. A JWS of a million keys is a few
 * hundred megabytes; V8 cannot hold a string much over 512 MiB anyway.
 */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
const MAX_SMALL_BODY_BYTES = 1024 * 1024;
/** A usage batch that is not answered in this time is kept and sent again later. */
const USAGE_TIMEOUT_MS = 15_000;

/** A failed call: an HTTP status the node did not expect, or none for a network failure. */
export class ControlPlaneError extends Error {
  override readonly name: string = 'ControlPlaneError';

  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** 401 on a node-authenticated call: the node is unknown or revoked (or its clock is far off). */
export class NodeUnauthorizedError extends ControlPlaneError {
  override readonly name = 'NodeUnauthorizedError';
}

/** A 4xx answer to enrollment: retrying with the same token cannot help. */
export class EnrollmentRefusedError extends ControlPlaneError {
  override readonly name = 'EnrollmentRefusedError';
}

export interface EnrollRequest {
  token: string;
  name: string;
  version: string;
  signingKey: PublicJwk;
  encryptionKey: EncryptionPublicJwk;
}

const enrollResponseSchema = z.object({
  nodeId: z.uuid(),
  trustedKeys: z
    .array(
      z.object({
        kty: z.literal('OKP'),
        crv: z.literal('Ed25519'),
        x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
        kid: z.string().min(1).max(128),
      }),
    )
    .min(1),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

const secretsResponseSchema = z.object({ secrets: z.string().min(1) });

export type ConfigPollResult =
  { status: 'not-modified' } | { status: 'document'; jws: string; compressedBytes: number; bytes: number };

export interface ControlPlaneClientOptions {
  /** The control plane's base URL; a path prefix is kept. */
  baseUrl: string;
  /** Seconds the control plane may hold a config poll. */
  pollWaitSeconds: number;
  userAgent: string;
  maxDocumentBytes?: number;
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      throw new ControlPlaneError(`response larger than ${limit} bytes`, undefined);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

function parseJson(bytes: Buffer, what: string, status: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ControlPlaneError(`the ${what} answer is not JSON`, status);
  }
}

/** The admin error code of a refusal, for the log; never the body itself. */
async function errorCode(
  body: Dispatcher.ResponseData['body'],
): Promise<{ code?: string; message?: string }> {
  try {
    const parsed = adminErrorBodySchema.safeParse(
      JSON.parse((await readLimited(body, 64 * 1024)).toString()),
    );
    return parsed.success ? { code: parsed.data.error.code, message: parsed.data.error.message } : {};
  } catch {
    return {};
  }
}

/**
 * The node's HTTP client for `/dataplane/v1/*` (decision 0010): one keep-alive connection pool,
 * gzip for config documents, bounded bodies, and errors that say what failed without quoting
 * what was sent or received.
 */
export class ControlPlaneClient {
  readonly #base: URL;
  readonly #agent: Agent;
  readonly #userAgent: string;
  readonly #maxDocumentBytes: number;
  readonly #pollWaitSeconds: number;

  constructor(options: ControlPlaneClientOptions) {
    this.#base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.#userAgent = options.userAgent;
    this.#maxDocumentBytes = options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
    this.#pollWaitSeconds = options.pollWaitSeconds;
    this.#agent = new Agent({
      connections: 4,
      keepAliveTimeout: 60_000,
      keepAliveMaxTimeout: 600_000,
      connect: { timeout: 10_000 },
      // The control plane holds a poll for up to `wait` seconds before it answers.
      headersTimeout: (options.pollWaitSeconds + 30) * 1000,
      bodyTimeout: 120_000,
    });
  }

  get pollWaitSeconds(): number {
    return this.#pollWaitSeconds;
  }

  #url(pathname: string, query: Record<string, string> = {}): URL {
    const url = new URL(pathname, this.#base);
    for (const [name, value] of Object.entries(query)) {
      url.searchParams.set(name, value);
    }
    return url;
  }

  async enroll(body: EnrollRequest, signal?: AbortSignal): Promise<EnrollResponse> {
    const res = await request(this.#url('dataplane/v1/enroll'), {
      method: 'POST',
      dispatcher: this.#agent,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': this.#userAgent,
      },
      body: JSON.stringify(body),
      signal,
    });
    if (res.statusCode === 201 || res.statusCode === 200) {
      const parsed = enrollResponseSchema.safeParse(
        parseJson(await readLimited(res.body, MAX_SMALL_BODY_BYTES), 'enrollment', res.statusCode),
      );
      if (!parsed.success) {
        throw new ControlPlaneError('the enrollment answer is not {nodeId, trustedKeys}', res.statusCode);
      }
      return parsed.data;
    }
    const { code, message } = await errorCode(res.body);
    if (res.statusCode >= 400 && res.statusCode < 500 && res.statusCode !== 408 && res.statusCode !== 429) {
      throw new EnrollmentRefusedError(
        `the control plane refused the enrollment (${res.statusCode}${code === undefined ? '' : ` ${code}`}${
          message === undefined ? '' : `: ${message}`
        })`,
        res.statusCode,
      );
    }
    throw new ControlPlaneError(`enrollment failed with status ${res.statusCode}`, res.statusCode);
  }

  /** The compact JWE of the fleet secrets, sealed to this node's encryption key. */
  async secrets(assertion: string, signal?: AbortSignal): Promise<string> {
    const res = await request(this.#url('dataplane/v1/secrets'), {
      method: 'GET',
      dispatcher: this.#agent,
      headers: {
        authorization: `Bearer ${assertion}`,
        accept: 'application/json',
        'user-agent': this.#userAgent,
      },
      signal,
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw this.#statusError('secrets', res.statusCode);
    }
    const parsed = secretsResponseSchema.safeParse(
      parseJson(await readLimited(res.body, MAX_SMALL_BODY_BYTES), 'secrets', res.statusCode),
    );
    if (!parsed.success) {
      throw new ControlPlaneError('the secrets answer is not {secrets}', res.statusCode);
    }
    return parsed.data.secrets;
  }

  /**
   * Sends a batch of usage events. Resolves on 202; a 400 (the batch itself is wrong) is not
   * retriable, anything else is.
   */
  async postUsage(events: readonly UsageEvent[], assertion: string, signal?: AbortSignal): Promise<void> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(this.#url('dataplane/v1/usage'), {
        method: 'POST',
        dispatcher: this.#agent,
        headers: {
          authorization: `Bearer ${assertion}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'user-agent': this.#userAgent,
        },
        body: JSON.stringify({ events }),
        headersTimeout: USAGE_TIMEOUT_MS,
        bodyTimeout: USAGE_TIMEOUT_MS,
        signal,
      });
    } catch (error) {
      throw new UsageSendError(error instanceof Error ? error.message : String(error), true);
    }
    if (res.statusCode === 202 || res.statusCode === 200) {
      await res.body.dump();
      return;
    }
    const { code, message } = await errorCode(res.body);
    const detail = `usage batch answered ${res.statusCode}${code === undefined ? '' : ` ${code}`}${message === undefined ? '' : `: ${message}`}`;
    throw new UsageSendError(detail, res.statusCode !== 400 && res.statusCode !== 413);
  }

  /**
   * One long-poll: a signed document once the control plane has a revision other than `since`,
   * or "not modified" after the wait.
   */
  async pollConfig(since: number, assertion: string, signal?: AbortSignal): Promise<ConfigPollResult> {
    const res = await request(
      this.#url('dataplane/v1/config', { since: String(since), wait: String(this.#pollWaitSeconds) }),
      {
        method: 'GET',
        dispatcher: this.#agent,
        headers: {
          authorization: `Bearer ${assertion}`,
          accept: 'application/jose',
          'accept-encoding': 'gzip',
          'user-agent': this.#userAgent,
        },
        signal,
      },
    );
    if (res.statusCode === 304) {
      await res.body.dump();
      return { status: 'not-modified' };
    }
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw this.#statusError('config poll', res.statusCode);
    }
    const raw = await readLimited(res.body, this.#maxDocumentBytes);
    const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
    let bytes: Buffer;
    if (encoding === 'gzip' || encoding === 'x-gzip') {
      try {
        bytes = await gunzipAsync(raw, { maxOutputLength: this.#maxDocumentBytes });
      } catch {
        throw new ControlPlaneError('the config document is not valid gzip or is too large', res.statusCode);
      }
    } else if (encoding === 'identity') {
      bytes = raw;
    } else {
      throw new ControlPlaneError(`unsupported content-encoding ${encoding.slice(0, 40)}`, res.statusCode);
    }
    return {
      status: 'document',
      jws: bytes.toString('utf8').trim(),
      compressedBytes: raw.length,
      bytes: bytes.length,
    };
  }

  #statusError(what: string, status: number): ControlPlaneError {
    return status === 401
      ? new NodeUnauthorizedError(`the control plane refused this node's assertion (${what})`, status)
      : new ControlPlaneError(`${what} failed with status ${status}`, status);
  }

  async close(): Promise<void> {
    await this.#agent.destroy();
  }
}
