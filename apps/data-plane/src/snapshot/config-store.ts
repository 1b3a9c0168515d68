import { parseConfigBundle, type ConfigBundle, type ConfigIssue } from '@portcullis/contracts';

export type ApplyResult =
  | { status: 'applied'; revision: number; previousRevision: number | undefined }
  | { status: 'unchanged'; revision: number }
  | { status: 'rejected'; reason: 'invalid'; issues: ConfigIssue[]; message: string }
  | { status: 'rejected'; reason: 'stale_revision' | 'expired'; message: string };

/** What the request path needs from the store: the bundle in force, if any. */
export interface ConfigSource {
  current(): Readonly<ConfigBundle> | undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}

/**
 * Holds the configuration bundle this node enforces. A bundle replaces the current one only when
 * it is valid, unexpired and not older; otherwise the last good bundle stays in force. Bundles
 * are frozen so that a request never observes a half-updated configuration.
 */
export class ConfigStore implements ConfigSource {
  #current: ConfigBundle | undefined;
  readonly #now: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  current(): Readonly<ConfigBundle> | undefined {
    return this.#current;
  }

  /**
   * Validates `input` and swaps it in.
   *
   * @example
   * const result = store.apply(JSON.parse(body));
   * if (result.status === 'rejected') logger.warn({ reason: result.reason }, result.message);
   */
  apply(input: unknown): ApplyResult {
    const parsed = parseConfigBundle(input);
    if (!parsed.ok) {
      return { status: 'rejected', reason: 'invalid', issues: parsed.issues, message: parsed.message };
    }
    const bundle = parsed.bundle;
    const previous = this.#current;
    if (previous !== undefined && bundle.revision < previous.revision) {
      return {
        status: 'rejected',
        reason: 'stale_revision',
        message: `revision ${bundle.revision} is older than the current revision ${previous.revision}`,
      };
    }
    if (Date.parse(bundle.expiresAt) <= this.#now().getTime()) {
      return { status: 'rejected', reason: 'expired', message: `bundle expired at ${bundle.expiresAt}` };
    }
    if (previous !== undefined && bundle.revision === previous.revision) {
      return { status: 'unchanged', revision: bundle.revision };
    }
    this.#current = deepFreeze(bundle);
    return { status: 'applied', revision: bundle.revision, previousRevision: previous?.revision };
  }
}
