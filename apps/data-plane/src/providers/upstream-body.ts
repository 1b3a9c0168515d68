import type { UpstreamResponse } from './provider-types.js';
import { UpstreamStreamError } from './upstream-stream-error.js';

/**
 * A response body read one chunk at a time: the hot path's lighter stand-in for a web
 * `ReadableStream` (no stream controller, queue or transferable set-up per response).
 */
export interface BodySource {
  /** The next chunk, or undefined at the end. Rejects with an `UpstreamStreamError` mid-way. */
  read(): Promise<Uint8Array | undefined>;
  /**
   * The whole body, when it has already arrived in full and nothing has been read yet (a JSON
   * answer usually has by the time it is handed over): the reader is then done. Else undefined,
   * and nothing is consumed.
   */
  takeWhole(): Uint8Array | undefined;
  /** Stops reading: the upstream request is aborted if it is still going. */
  cancel(reason?: unknown): Promise<void>;
}

/** How an {@link UpstreamBody} steers the request it reads from (undici's dispatch controller). */
export interface BodyFlow {
  pause(): void;
  resume(): void;
  abort(reason: unknown): void;
}

/** Chunks held before the upstream is paused (back-pressure from a slow client). */
const HIGH_WATER_MARK = 64 * 1024;

/**
 * The body of an upstream response as it arrives: the upstream client pushes chunks in, the
 * server (or a translator, through {@link UpstreamBody.web}) pulls them out. Holding more than
 * 64 KiB that nobody has read pauses the upstream connection until the reader catches up.
 */
export class UpstreamBody implements BodySource {
  #chunks: Uint8Array[] = [];
  #queued = 0;
  #paused = false;
  #ended = false;
  #failure: UpstreamStreamError | undefined;
  #cancelled = false;
  #touched = false;
  #waiter: { resolve(chunk: Uint8Array | undefined): void; reject(error: unknown): void } | undefined;
  #web: ReadableStream<Uint8Array> | undefined;

  constructor(private readonly flow: BodyFlow) {}

  /** From the upstream: a chunk arrived. */
  push(chunk: Uint8Array): void {
    if (this.#cancelled) return;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve(chunk);
      return;
    }
    this.#chunks.push(chunk);
    this.#queued += chunk.byteLength;
    if (!this.#paused && this.#queued >= HIGH_WATER_MARK) {
      this.#paused = true;
      this.flow.pause();
    }
  }

  /** From the upstream: the body is complete. */
  end(): void {
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve(undefined);
  }

  /** From the upstream: the body broke off. */
  fail(error: UpstreamStreamError): void {
    if (this.#ended || this.#cancelled) return;
    this.#failure = error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }

  /** True once the body has ended and every chunk is held here: {@link takeWhole} will answer. */
  get complete(): boolean {
    return this.#ended && !this.#touched;
  }

  read(): Promise<Uint8Array | undefined> {
    this.#touched = true;
    const chunk = this.#chunks.shift();
    if (chunk !== undefined) {
      this.#queued -= chunk.byteLength;
      if (this.#paused && this.#queued < HIGH_WATER_MARK) {
        this.#paused = false;
        this.flow.resume();
      }
      return Promise.resolve(chunk);
    }
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#ended || this.#cancelled) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  takeWhole(): Uint8Array | undefined {
    if (!this.complete) return undefined;
    this.#touched = true;
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#queued = 0;
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }

  cancel(reason?: unknown): Promise<void> {
    if (!this.#cancelled) {
      this.#cancelled = true;
      this.#chunks = [];
      this.#queued = 0;
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter?.resolve(undefined);
      if (!this.#ended && this.#failure === undefined) this.flow.abort(reason);
    }
    return Promise.resolve();
  }

  /** The same body as a web stream (made once, on first use; then read it only that way). */
  web(): ReadableStream<Uint8Array> {
    this.#web ??= webStreamOf(this);
    return this.#web;
  }

  /** True once {@link web} has been asked for: the body belongs to that stream. */
  get isWeb(): boolean {
    return this.#web !== undefined;
  }
}

function webStreamOf(source: BodySource): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await source.read();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
      cancel: (reason) => source.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * A 2xx upstream answer whose body is an {@link UpstreamBody}. `body` (the web stream) is made
 * only when someone asks for it; the gateway's pass-through reads the source directly.
 */
export class BufferedUpstreamResponse implements UpstreamResponse {
  readonly kind = 'response';

  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly source: UpstreamBody,
  ) {}

  get body(): ReadableStream<Uint8Array> {
    return this.source.web();
  }
}

/** A web stream read as a {@link BodySource}. */
export function webSource(stream: ReadableStream<Uint8Array>): BodySource {
  const reader = stream.getReader();
  return {
    async read() {
      const { done, value } = await reader.read();
      return done ? undefined : value;
    },
    takeWhole: () => undefined,
    cancel: (reason) => reader.cancel(reason),
  };
}

/** The cheapest way to read an upstream response's body: its source when it still has one. */
export function bodySourceOf(response: UpstreamResponse): BodySource {
  if (response instanceof BufferedUpstreamResponse && !response.source.isWeb) return response.source;
  return webSource(response.body);
}
