export interface Freshness {
  /** True when the configuration is older than allowed. */
  stale: boolean;
  /** Whole seconds since the last successful contact; undefined before any. */
  ageSeconds: number | undefined;
  /** For `/readyz` and the 503 body: what the state is, without secrets. */
  message: string;
}

/** What the server asks before serving: is the configuration in force still fresh enough? */
export interface StalenessGuard {
  /** Keep serving a stale configuration (DATA_PLANE_FAIL_OPEN_WHEN_STALE). */
  readonly failOpen: boolean;
  /** The request path's cheap form of {@link check}. */
  isStale(nowMs?: number): boolean;
  check(now?: Date): Freshness;
}

export interface StalenessOptions {
  /** DATA_PLANE_MAX_STALENESS_S. */
  maxStalenessSeconds: number;
  failOpen: boolean;
  /** The last successful contact with the control plane, if any. */
  lastContact: () => Date | undefined;
}

/**
 * Decision 0010's staleness rule: once the last successful contact with the control plane is more
 * than `maxStalenessSeconds` ago, the node fails closed (`/readyz` 503, `/v1/*` 503) unless it is
 * configured to fail open. Without any record of contact the node counts as stale (the sync client
 * records one for a configuration loaded from disk: the last contact before the restart).
 *
 * @example
 * const guard = createStalenessGuard({ maxStalenessSeconds: 86_400, failOpen: false, lastContact: () => store.lastSyncAt });
 * if (guard.check().stale && !guard.failOpen) throw notReady();
 */
export function createStalenessGuard(options: StalenessOptions): StalenessGuard {
  const { maxStalenessSeconds, failOpen } = options;
  const maxAgeMs = maxStalenessSeconds * 1000;
  return {
    failOpen,
    isStale(nowMs = Date.now()) {
      const last = options.lastContact();
      return last === undefined || nowMs - last.getTime() > maxAgeMs;
    },
    check(now = new Date()) {
      const last = options.lastContact();
      if (last === undefined) {
        return {
          stale: true,
          ageSeconds: undefined,
          message: 'no contact with the control plane yet',
        };
      }
      const ageMs = now.getTime() - last.getTime();
      const ageSeconds = Math.max(0, Math.floor(ageMs / 1000));
      const stale = ageMs > maxAgeMs;
      return {
        stale,
        ageSeconds,
        message: stale
          ? `no contact with the control plane for ${ageSeconds} s (limit ${maxStalenessSeconds} s)`
          : `last contact with the control plane ${ageSeconds} s ago`,
      };
    },
  };
}
