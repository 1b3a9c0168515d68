/**
 * Anything shaped like a placeholder: `[` + an upper-case label + `]`. One class then a fixed terminator, so
 * matching is linear; whether it is one of ours is a map lookup.
 */
export const PLACEHOLDER = /\[[A-Z][A-Z0-9_]{0,40}\]/g;

/** Replaces every placeholder that `lookup` knows; leaves the rest as written. */
export function restorePlaceholders(
  text: string,
  lookup: (placeholder: string) => string | undefined,
): string {
  if (!text.includes('[')) return text;
  return text.replace(new RegExp(PLACEHOLDER), (placeholder) => lookup(placeholder) ?? placeholder);
}

/**
 * Restores `tokenize` placeholders in a response that arrives in arbitrary chunks (SSE deltas), without ever
 * emitting part of a placeholder: when a chunk ends in what could still become one of the session's
 * placeholders (`[EMA`), that tail is held back until the next chunk decides. What is held back is bounded by
 * the longest placeholder issued; `flush()` releases it at the end of the stream.
 *
 * @example
 * const restorer = session.createStreamRestorer();
 * for await (const delta of deltas) write(restorer.push(delta));
 * write(restorer.flush());
 */
export class StreamRestorer {
  #pending = '';

  constructor(
    private readonly lookup: (placeholder: string) => string | undefined,
    private readonly isPrefix: (text: string) => boolean,
    private readonly longest: () => number,
  ) {}

  /** Returns the restored text that is safe to emit now (possibly empty). */
  push(chunk: string): string {
    const text = this.#pending + chunk;
    let cut = text.length;
    // A placeholder has exactly one "[", at its start: only the last "[" can open an unfinished one.
    const open = text.lastIndexOf('[');
    if (
      open >= 0 &&
      text.length - open < this.longest() &&
      text.indexOf(']', open) < 0 &&
      this.isPrefix(text.slice(open))
    ) {
      cut = open;
    }
    this.#pending = text.slice(cut);
    return restorePlaceholders(text.slice(0, cut), this.lookup);
  }

  /** The held-back tail at the end of the stream, restored if it is a whole placeholder. */
  flush(): string {
    const rest = this.#pending;
    this.#pending = '';
    return restorePlaceholders(rest, this.lookup);
  }
}
