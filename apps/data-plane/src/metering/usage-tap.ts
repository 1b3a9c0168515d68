import { webSource, type BodySource } from '../providers/upstream-body.js';
import {
  anthropicUsage,
  mergeAnthropicUsage,
  openAiUsage,
  responseTexts,
  type TokenUsage,
} from './token-usage.js';

/** What a tapped response told about its tokens, once it ended. */
export interface TapResult {
  /** The provider's own count, when the response carried one. */
  usage: TokenUsage | undefined;
  /** The generated text seen (bounded), for an estimate when `usage` is missing. */
  outputTexts: string[];
  /** False when the client went away or the upstream broke off before the end. */
  completed: boolean;
}

export interface TapOptions {
  /** The client-facing wire format: OpenAI (chat, embeddings) or Anthropic (messages). */
  format: 'openai' | 'anthropic';
  /** A `text/event-stream` rather than one JSON body. */
  sse: boolean;
  /**
   * Drop the usage-only chunk of an OpenAI stream (`choices: []`): the gateway asked for it to
   * meter the call, the client did not.
   */
  dropUsageChunk: boolean;
  onEnd(result: TapResult): void;
}

/** A JSON body larger than this is not parsed whole: its usage is looked for in its tail. */
const MAX_PARSED_JSON_BYTES = 4 * 1024 * 1024;
const TAIL_BYTES = 64 * 1024;
/** Stream text kept for an estimate, in case the provider never reports usage. */
const MAX_ESTIMATE_BYTES = 1024 * 1024;
const USAGE = Buffer.from('"usage"');
// Streams asked for usage carry `"usage":null` in every chunk but the last: not worth parsing.
const NO_USAGE = [Buffer.from('"usage":null'), Buffer.from('"usage": null')];
const mentionsUsage = (bytes: Buffer): boolean =>
  bytes.includes(USAGE) && !NO_USAGE.some((marker) => bytes.includes(marker));
const LF2 = Buffer.from('\n\n');
const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * Sees every chunk of a response body on its way to the client, and is told how it ended. `push`
 * returns what to write now (the chunk itself, nothing yet, or a held-back part with it).
 */
export interface BodyFilter {
  push(chunk: Uint8Array): Uint8Array[];
  /** The body ended: anything held back. */
  flush(): Uint8Array[];
  /** Called once: `completed` is false when the client left or the upstream broke off. */
  end(completed: boolean): void;
}

/**
 * Reads the token usage a response body reports while it passes through unchanged (chunk for
 * chunk, but for a dropped usage chunk): an OpenAI `usage` object (JSON body, or the usage chunk
 * of a stream), or Anthropic's `message_start` / `message_delta` usage. Only events that mention
 * "usage" are parsed; the rest pass as the bytes they arrived in. The server applies it while it
 * writes (no extra stream layer on the hot path).
 */
export function usageFilter(options: TapOptions): BodyFilter {
  const meter = options.sse ? new SseMeter(options) : new JsonMeter(options.format);
  let ended = false;
  return {
    push: (chunk) => meter.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    flush: () => meter.flush(),
    end(completed) {
      if (ended) return;
      ended = true;
      options.onEnd({ ...meter.result(), completed });
    },
  };
}

/** `body` with `filter` applied, for readers other than the server (tests, tools). */
export function filtered(body: BodySource, filter: BodyFilter): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    // A pull must enqueue something (or end the stream): a pull that returns empty-handed is
    // not called again, and the reader would wait forever. Partial events are read past.
    async pull(controller) {
      for (;;) {
        let chunk: Uint8Array | undefined;
        try {
          chunk = await body.read();
        } catch (error) {
          filter.end(false);
          throw error;
        }
        if (chunk === undefined) {
          for (const out of filter.flush()) controller.enqueue(out);
          filter.end(true);
          controller.close();
          return;
        }
        const ready = filter.push(chunk);
        for (const out of ready) controller.enqueue(out);
        if (ready.length > 0) return;
      }
    },
    async cancel(reason) {
      filter.end(false);
      await body.cancel(reason);
    },
  });
}

/** {@link usageFilter} applied to a stream. */
export function tapUsage(body: ReadableStream<Uint8Array>, options: TapOptions): ReadableStream<Uint8Array> {
  return filtered(webSource(body), usageFilter(options));
}

interface Meter {
  push(chunk: Buffer): Buffer[];
  flush(): Buffer[];
  result(): Omit<TapResult, 'completed'>;
}

class JsonMeter implements Meter {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #overflow = false;
  #tail: Buffer = Buffer.alloc(0);

  constructor(private readonly format: 'openai' | 'anthropic') {}

  push(chunk: Buffer): Buffer[] {
    this.#size += chunk.length;
    if (!this.#overflow && this.#size <= MAX_PARSED_JSON_BYTES) this.#chunks.push(chunk);
    else {
      this.#overflow = true;
      this.#chunks.length = 0;
      this.#tail = Buffer.concat([this.#tail, chunk]).subarray(-TAIL_BYTES);
    }
    return [chunk];
  }

  flush(): Buffer[] {
    return [];
  }

  result(): Omit<TapResult, 'completed'> {
    if (this.#overflow) return { usage: usageFromTail(this.#tail.toString('utf8')), outputTexts: [] };
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.concat(this.#chunks).toString('utf8'));
    } catch {
      return { usage: undefined, outputTexts: [] };
    }
    const usage =
      this.format === 'openai'
        ? openAiUsage(parsed)
        : anthropicUsage((parsed as { usage?: unknown } | null)?.usage);
    return { usage, outputTexts: usage === undefined ? responseTexts(parsed) : [] };
  }
}

class SseMeter implements Meter {
  #pending: Buffer | undefined;
  #usage: TokenUsage | undefined;
  /** An Anthropic stream's usage counts so far, as its events named them. */
  #anthropicCounts: Record<string, unknown> = {};
  readonly #kept: Buffer[] = [];
  #keptBytes = 0;

  constructor(private readonly options: TapOptions) {}

  push(chunk: Buffer): Buffer[] {
    if (this.#pending === undefined && endsWithBoundary(chunk) && !chunk.includes(USAGE)) {
      this.#keep(chunk);
      return [chunk];
    }
    const buffer = this.#pending === undefined ? chunk : Buffer.concat([this.#pending, chunk]);
    const out: Buffer[] = [];
    let start = 0;
    for (;;) {
      const boundary = nextBoundary(buffer, start);
      if (boundary === undefined) break;
      const event = buffer.subarray(start, boundary.end);
      if (this.#passes(event)) out.push(event);
      start = boundary.end;
    }
    this.#pending = start < buffer.length ? buffer.subarray(start) : undefined;
    return out;
  }

  flush(): Buffer[] {
    const rest = this.#pending;
    this.#pending = undefined;
    return rest !== undefined && this.#passes(rest) ? [rest] : [];
  }

  result(): Omit<TapResult, 'completed'> {
    if (this.#usage !== undefined) return { usage: this.#usage, outputTexts: [] };
    const texts: string[] = [];
    for (const data of dataLines(Buffer.concat(this.#kept).toString('utf8'))) {
      try {
        texts.push(...responseTexts(JSON.parse(data)));
      } catch {
        // Not JSON ([DONE], a comment): nothing to count.
      }
    }
    return { usage: undefined, outputTexts: texts };
  }

  /** Reads an event's usage; false when the event is the usage chunk the client did not ask for. */
  #passes(event: Buffer): boolean {
    if (!mentionsUsage(event)) {
      this.#keep(event);
      return true;
    }
    for (const data of dataLines(event.toString('utf8'))) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        continue;
      }
      if (this.options.format === 'openai') {
        const usage = openAiUsage(parsed);
        if (usage === undefined) continue;
        this.#usage = usage;
        const choices = (parsed as { choices?: unknown }).choices;
        if (this.options.dropUsageChunk && Array.isArray(choices) && choices.length === 0) return false;
      } else {
        const message = parsed as { type?: unknown; message?: { usage?: unknown }; usage?: unknown };
        if (message.type === 'message_start' || message.type === 'message_delta') {
          this.#anthropicCounts =
            message.type === 'message_start'
              ? mergeAnthropicUsage({}, message.message?.usage)
              : mergeAnthropicUsage(this.#anthropicCounts, message.usage);
          this.#usage = anthropicUsage(this.#anthropicCounts) ?? this.#usage;
        }
      }
    }
    this.#keep(event);
    return true;
  }

  #keep(bytes: Buffer): void {
    if (this.#usage !== undefined || this.#keptBytes + bytes.length > MAX_ESTIMATE_BYTES) return;
    this.#kept.push(bytes);
    this.#keptBytes += bytes.length;
  }
}

function endsWithBoundary(chunk: Buffer): boolean {
  const n = chunk.length;
  return (
    n >= 2 &&
    chunk[n - 1] === 10 &&
    (chunk[n - 2] === 10 || (n >= 4 && chunk[n - 2] === 13 && chunk[n - 3] === 10))
  );
}

/** The end (exclusive, blank line included) of the next complete event from `start`. */
function nextBoundary(buffer: Buffer, start: number): { end: number } | undefined {
  const lf = buffer.indexOf(LF2, start);
  const crlf = buffer.indexOf(CRLF2, start);
  if (lf === -1 && crlf === -1) return undefined;
  if (crlf === -1 || (lf !== -1 && lf < crlf)) return { end: lf + 2 };
  return { end: crlf + 4 };
}

function* dataLines(text: string): Generator<string> {
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('data:')) yield line.slice(line.charAt(5) === ' ' ? 6 : 5);
  }
}

/** Usage counts found in the last bytes of a body too large to parse (OpenAI or Anthropic names). */
function usageFromTail(tail: string): TokenUsage | undefined {
  const number = (name: string): number | undefined => {
    const match = new RegExp(`"${name}"\\s*:\\s*(\\d+)`).exec(tail);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  };
  const prompt = number('prompt_tokens') ?? number('input_tokens');
  if (prompt === undefined) return undefined;
  return {
    input: prompt,
    output: number('completion_tokens') ?? number('output_tokens') ?? 0,
    cachedInput: number('cached_tokens') ?? number('cache_read_input_tokens') ?? 0,
    estimated: false,
  };
}
