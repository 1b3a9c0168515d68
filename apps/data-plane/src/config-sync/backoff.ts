/**
 * Exponential backoff with jitter for retries against the control plane: the n-th consecutive
 * failure waits between half and all of `min(maxMs, baseMs · 2^(n-1))`, so a fleet that lost the
 * control plane at the same moment does not come back in lockstep.
 *
 * @example
 * const backoff = new Backoff();
 * await sleep(backoff.next()); // 125-250 ms, then 250-500 ms, … up to 5-10 s
 * backoff.reset();             // after a success
 */
export class Backoff {
  #failures = 0;

  constructor(
    readonly baseMs = 250,
    readonly maxMs = 10_000,
    private readonly random: () => number = Math.random,
  ) {}

  get failures(): number {
    return this.#failures;
  }

  /** Counts one more failure and returns how long to wait before the next attempt. */
  next(): number {
    this.#failures += 1;
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.#failures - 1, 30));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset(): void {
    this.#failures = 0;
  }
}
