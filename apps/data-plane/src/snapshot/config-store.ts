import {
  parseConfigBundle,
  type BundleApplication,
  type BundleKey,
  type BundleTenant,
  type BundleUser,
  type ConfigBundle,
  type ConfigIssue,
} from '@portcullis/contracts';

export type ApplyResult =
  | { status: 'applied'; revision: number; previousRevision: number | undefined }
  | { status: 'unchanged'; revision: number }
  | { status: 'rejected'; reason: 'invalid'; issues: ConfigIssue[]; message: string }
  | { status: 'rejected'; reason: 'stale_revision' | 'expired'; message: string };

/** Lookups the request path needs, built once per configuration rather than per request. */
export interface ConfigIndexes {
  /** API-key records by their keyed hash (HMAC-SHA-256 under the fleet's API-key hashing key). */
  readonly keysByHash: ReadonlyMap<string, Readonly<BundleKey>>;
  readonly usersById: ReadonlyMap<string, Readonly<BundleUser>>;
  readonly tenantsById: ReadonlyMap<string, Readonly<BundleTenant>>;
  readonly applicationsById: ReadonlyMap<string, Readonly<BundleApplication>>;
}

/** A verified bundle and its indexes: replaced as a whole, never changed in place. */
export interface LoadedConfig {
  readonly bundle: Readonly<ConfigBundle>;
  readonly indexes: ConfigIndexes;
}

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

function byId<T extends { id: string }>(records: readonly T[]): ReadonlyMap<string, T> {
  return new Map(records.map((record) => [record.id, record]));
}

function buildIndexes(bundle: Readonly<ConfigBundle>): ConfigIndexes {
  return {
    keysByHash: new Map(bundle.keys.map((key) => [key.hash, key])),
    usersById: byId(bundle.users),
    tenantsById: byId(bundle.tenants),
    applicationsById: byId(bundle.applications),
  };
}

/**
 * Holds the configuration bundle this node enforces, with its indexes. A bundle replaces the
 * current one only when it is valid, unexpired and not older; otherwise the last good bundle stays
 * in force. Bundles are frozen and swapped as one reference, so that a request never observes a
 * half-updated configuration.
 */
export class ConfigStore implements ConfigSource {
  #current: LoadedConfig | undefined;
  #lastSyncAt: Date | undefined;
  readonly #now: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  current(): Readonly<ConfigBundle> | undefined {
    return this.#current?.bundle;
  }

  /** The bundle in force with its indexes. */
  loaded(): LoadedConfig | undefined {
    return this.#current;
  }

  /** The last successful contact with the control plane (from disk until the first one). */
  get lastSyncAt(): Date | undefined {
    return this.#lastSyncAt;
  }

  markSynced(at: Date): void {
    if (this.#lastSyncAt === undefined || at > this.#lastSyncAt) {
      this.#lastSyncAt = at;
    }
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
    const previous = this.#current?.bundle;
    if (previous !== undefined && bundle.revision < previous.revision) {
      return {
        status: 'rejected',
        reason: 'stale_revision',
        message: `revision ${bundle.revision} is older than the current revision ${previous.revision}`,
      };
    }
    if (previous !== undefined && bundle.revision === previous.revision && !this.#expired(bundle)) {
      return { status: 'unchanged', revision: bundle.revision };
    }
    return this.replace(bundle);
  }

  /**
   * Swaps in a bundle that is already parsed (by `parseConfigBundle` or `applyConfigDelta`) and
   * whose order the caller has checked: the same revision replaces the one in force (a compacting
   * snapshot). Only an expired bundle is refused. The bundle is frozen in place.
   */
  replace(bundle: ConfigBundle): ApplyResult {
    if (this.#expired(bundle)) {
      return { status: 'rejected', reason: 'expired', message: `bundle expired at ${bundle.expiresAt}` };
    }
    const previous = this.#current?.bundle;
    const frozen = deepFreeze(bundle);
    this.#current = Object.freeze({ bundle: frozen, indexes: Object.freeze(buildIndexes(frozen)) });
    return { status: 'applied', revision: bundle.revision, previousRevision: previous?.revision };
  }

  #expired(bundle: ConfigBundle): boolean {
    return Date.parse(bundle.expiresAt) <= this.#now().getTime();
  }
}
