import { Store, type SessionData } from 'express-session';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';

/** Expired rows are deleted at most this often (per process), on a write or touch. */
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

type Callback = (error?: unknown) => void;

function expiryOf(session: SessionData, fallbackMs: number): Date {
  // The cookie's remaining lifetime; the stored row never outlives the cookie.
  const remaining = session.cookie.maxAge;
  return new Date(Date.now() + (typeof remaining === 'number' ? remaining : fallbackMs));
}

/**
 * express-session's store on PostgreSQL (table `sessions`), so any control-plane replica can
 * serve any console session. A session's lifetime is absolute: it ends at the `expires_at` of its
 * first write. Rewrites and touches never move it later, and a new session id (at sign-in) starts a
 * new lifetime.
 */
export class PgSessionStore extends Store {
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly lifetimeMs: number,
    private readonly logger: Logger,
  ) {
    super();
  }

  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    this.dataSource
      .query<{ data: SessionData }[]>('SELECT data FROM sessions WHERE sid = $1 AND expires_at > now()', [
        sid,
      ])
      .then(
        (rows) => {
          callback(null, rows[0]?.data ?? null);
        },
        (error: unknown) => {
          callback(error);
        },
      );
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    this.dataSource
      .query(
        `INSERT INTO sessions (sid, data, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (sid) DO UPDATE
           SET data = EXCLUDED.data, expires_at = LEAST(sessions.expires_at, EXCLUDED.expires_at)`,
        [sid, JSON.stringify(session), expiryOf(session, this.lifetimeMs)],
      )
      .then(
        () => {
          this.maybePrune();
          callback?.();
        },
        (error: unknown) => {
          callback?.(error);
        },
      );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.dataSource.query('DELETE FROM sessions WHERE sid = $1', [sid]).then(
      () => {
        callback?.();
      },
      (error: unknown) => {
        callback?.(error);
      },
    );
  }

  /** The lifetime is absolute, so touching extends nothing; it is a chance to prune. */
  override touch(_sid: string, _session: SessionData, callback?: () => void): void {
    this.maybePrune();
    callback?.();
  }

  private maybePrune(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    this.dataSource.query('DELETE FROM sessions WHERE expires_at <= now()').catch((error: unknown) => {
      this.logger.warn({ err: error }, 'pruning expired sessions failed');
    });
  }
}
