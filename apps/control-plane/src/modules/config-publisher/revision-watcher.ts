import { EventEmitter } from 'node:events';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import pg from 'pg';
import type { Logger } from 'pino';
import { Settings } from '../../platform/config/settings.js';
import { LOGGER } from '../../platform/logging/logger.token.js';
import { ChangeLogRepository, REVISION_CHANNEL } from './change-log.repository.js';

/** Backs up notifications: how often the current revision is read while someone waits. */
const POLL_MS = 1_000;
/** The embedded database has one connection and no LISTEN: it is polled, quickly. */
const EMBEDDED_POLL_MS = 100;
const RECONNECT_MS = 2_000;

/**
 * Knows the newest committed revision and wakes long-polls when it moves: PostgreSQL
 * LISTEN/NOTIFY across replicas (the bump sends NOTIFY inside its transaction, so it arrives only
 * after commit), backed by polling so a lost notification delays an update but never loses it.
 */
@Injectable()
export class RevisionWatcher implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private latest = 0;
  private readonly events = new EventEmitter().setMaxListeners(0);
  private waiters = 0;
  private poller: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private closed = false;

  constructor(
    private readonly log: ChangeLogRepository,
    private readonly settings: Settings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.latest = (await this.log.current()).revision;
    if (!this.settings.embeddedDatabase) await this.listen();
  }

  /** Releases waiting long-polls before the HTTP server closes, so shutdown does not wait ~30 s for them. */
  beforeApplicationShutdown(): void {
    this.closed = true;
    this.events.emit('closed');
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.poller !== undefined) clearInterval(this.poller);
    this.events.emit('closed');
    await this.listener?.end().catch(() => undefined);
  }

  /** The newest revision this replica knows of (refreshed from the database). */
  async current(): Promise<number> {
    this.advance((await this.log.current()).revision);
    return this.latest;
  }

  /**
   * Resolves with the current revision as soon as it exceeds `after`, or when `timeoutMs` pass or
   * `signal` aborts.
   */
  async waitFor(after: number, timeoutMs: number, signal: AbortSignal): Promise<number> {
    const now = await this.current();
    if (now > after || signal.aborted || this.closed) return now;
    return new Promise<number>((resolve) => {
      this.waiters += 1;
      this.ensurePolling();
      const finish = (): void => {
        clearTimeout(timer);
        this.events.off('revision', onRevision);
        this.events.off('closed', finish);
        signal.removeEventListener('abort', finish);
        this.waiters -= 1;
        resolve(this.latest);
      };
      const onRevision = (revision: number): void => {
        if (revision > after) finish();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.events.on('revision', onRevision);
      this.events.once('closed', finish);
      signal.addEventListener('abort', finish, { once: true });
    });
  }

  private advance(revision: number): void {
    if (revision <= this.latest) return;
    this.latest = revision;
    this.events.emit('revision', revision);
  }

  private ensurePolling(): void {
    if (this.poller !== undefined) return;
    const every = this.settings.embeddedDatabase ? EMBEDDED_POLL_MS : POLL_MS;
    this.poller = setInterval(() => {
      if (this.waiters === 0) {
        clearInterval(this.poller);
        this.poller = undefined;
        return;
      }
      this.current().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'reading the config revision failed');
      });
    }, every);
    this.poller.unref();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.settings.databaseUrl });
    client.on('notification', (message) => {
      const revision = Number(message.payload);
      if (message.channel === REVISION_CHANNEL && Number.isSafeInteger(revision)) this.advance(revision);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'config revision listener lost its connection; reconnecting');
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), RECONNECT_MS).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${REVISION_CHANNEL}`);
      this.listener = client;
      // Anything committed while (re)connecting is picked up here.
      await this.current();
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot LISTEN for config revisions; polling only');
      await client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), RECONNECT_MS).unref();
    }
  }
}
