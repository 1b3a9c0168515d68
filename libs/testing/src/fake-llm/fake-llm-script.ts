/** A tool call the fake answers with; the request must declare a tool of that name. */
export interface FakeToolCall {
  name: string;
  /** JSON text or an object; `{}` when left out. Streamed as several argument fragments. */
  arguments?: string | Readonly<Record<string, unknown>>;
  /** Defaults to `call_fake<n>` (OpenAI) or `toolu_fake<n>` (Anthropic). */
  id?: string;
}

/** How a streamed reply is cut and paced. */
export interface FakeStreamScript {
  /** The content deltas, in order; their concatenation is the reply text (also when not streaming). */
  chunks?: readonly string[];
  /**
   * Hold every content delta until `releaseNext()` is called once for it. The response headers go
   * out at once; the first release also lets out the preamble (role chunk / `message_start`).
   */
  gate?: boolean;
  /** Write this many content deltas, then go silent with the connection open. `0`: headers only. */
  stallAfter?: number;
  /** Write this many content deltas, then reset the connection. */
  resetAfter?: number;
}

/** An error response in the provider's own wire format. */
export interface FakeErrorScript {
  status: number;
  /** Defaults to a message like the provider's own for that status. */
  message?: string;
  /** OpenAI `error.type` / Anthropic `error.type`; defaults by status. */
  type?: string;
  /** OpenAI `error.code`; defaults by status. */
  code?: string | null;
  param?: string | null;
  /** Sent as `retry-after` (seconds, or an HTTP date when a string); Azure also gets `retry-after-ms`. */
  retryAfter?: number | string;
}

/**
 * What the fake does for one request. Everything is optional: `{}` is the default text reply.
 *
 * @example
 * fake.script({ text: 'Paris', usage: { inputTokens: 12, outputTokens: 1 } });
 * fake.script({ error: { status: 429, retryAfter: 2 } }, { fail: 'reset' });
 */
export interface FakeReply {
  /** The reply text; `Hello from the fake LLM.` unless set (empty when `toolCalls` are set). */
  text?: string;
  /** Reply with the text of the last user message, as the provider received it. */
  echo?: boolean;
  /** Answer with tool calls (`tool_calls` / `tool_use` blocks), after any text. */
  toolCalls?: readonly FakeToolCall[];
  /** Token counts to report; estimated from the text (~4 characters per token) otherwise. */
  usage?: { inputTokens?: number; outputTokens?: number };
  /** Report no usage at all, as some OpenAI-compatible servers do (OpenAI formats only). */
  noUsage?: boolean;
  /** Stop as if the token limit was hit (`finish_reason: length` / `stop_reason: max_tokens`). */
  truncated?: boolean;
  /** Wait this long before sending anything. */
  delayMs?: number;
  /** Answer with this error instead. */
  error?: FakeErrorScript;
  /** `reset`: reset the connection before any byte; `hang`: never answer (until the client leaves). */
  fail?: 'reset' | 'hang';
  stream?: FakeStreamScript;
  /** Extra response headers. */
  headers?: Readonly<Record<string, string>>;
}

export const DEFAULT_REPLY_TEXT = 'Hello from the fake LLM.';

/** Hands out releases to gated streams, keeping early releases as credit. */
export class ReleaseGate {
  #credits = 0;
  readonly #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  release(): void {
    const waiter = this.#waiters.shift();
    if (waiter === undefined) {
      this.#credits += 1;
    } else {
      waiter.resolve();
    }
  }

  wait(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new Error('request closed'));
    if (this.#credits > 0) {
      this.#credits -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index !== -1) this.#waiters.splice(index, 1);
        reject(new Error('request closed'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  reset(): void {
    this.#credits = 0;
  }

  /** How many streams are waiting for a release right now. */
  get waiting(): number {
    return this.#waiters.length;
  }
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('request closed'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('request closed'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves never; rejects when `signal` aborts. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('request closed'));
      return;
    }
    signal.addEventListener(
      'abort',
      () => {
        reject(new Error('request closed'));
      },
      { once: true },
    );
  });
}

/** About four characters per token, at least one: deterministic, good enough for metering tests. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Cuts text at word starts: `'Hello from x'` → `['Hello', ' from', ' x']`. */
export function splitWords(text: string): string[] {
  return text.split(/(?=\s)/).filter((piece) => piece !== '');
}

/** Cuts a JSON text into fragments the way providers stream tool arguments. */
export function splitFragments(text: string, size = 12): string[] {
  if (text === '') return [''];
  const fragments: string[] = [];
  for (let start = 0; start < text.length; start += size) {
    fragments.push(text.slice(start, start + size));
  }
  return fragments;
}
