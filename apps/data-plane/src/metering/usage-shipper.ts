import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { MAX_USAGE_BATCH, type UsageEvent } from '@portcullis/contracts';
import { writeFileAtomic } from '../config-sync/atomic-file.js';
import type { Logger } from '../telemetry/logger.js';

/** A send the control plane did not accept. `retriable: false` means resending cannot help (400). */
export class UsageSendError extends Error {
  override readonly name = 'UsageSendError';
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

export interface UsageShipperMetrics {
  /** Events by what became of them: sent, spooled to disk, dropped. */
  usageEvents(result: 'sent' | 'spooled' | 'dropped', count: number): void;
  /** Events waiting on disk. */
  usageSpooled(events: number): void;
}

export interface UsageShipperOptions {
  /** Where batches wait while the control plane is unreachable (`<data dir>/usage-spool`). */
  spoolDir: string;
  /** Sends one batch; resolves once the control plane accepted it (202). */
  send(events: UsageEvent[]): Promise<void>;
  logger: Logger;
  metrics?: UsageShipperMetrics;
  /** Events are sent at least this often (default 1000 ms)… */
  flushIntervalMs?: number;
  /** …or as soon as this many wait (default 500). */
  batchSize?: number;
  /** Most events kept on disk; beyond it the oldest batches are dropped, loudly (default 1,000,000). */
  maxSpooledEvents?: number;
  /** Replay backoff bounds (defaults 1 s and 60 s). */
  retryMinMs?: number;
  retryMaxMs?: number;
}

interface SpoolFile {
  name: string;
  events: number;
}

const SPOOL_SUFFIX = '.ndjson';

/**
 * Ships usage events to the control plane in batches (decision 0013). While the control plane
 * cannot be reached, batches go to files on disk, written atomically, and are replayed oldest
 * first once it answers again; new batches queue behind them, so events arrive in order. Events
 * carry their own ids and the control plane stores each id once, so a batch sent twice (its answer
 * lost, say) is never counted twice. What is only in memory (at most one flush interval) is lost
 * if the process is killed; a graceful shutdown spools it.
 */
export class UsageShipper {
  readonly #options: Required<Omit<UsageShipperOptions, 'metrics'>> & { metrics?: UsageShipperMetrics };
  #queue: UsageEvent[] = [];
  #spool: SpoolFile[] = [];
  #timer: NodeJS.Timeout | undefined;
  #replayTimer: NodeJS.Timeout | undefined;
  #retryMs: number;
  #work: Promise<void> = Promise.resolve();
  #started = false;
  #closed = false;
  #sequence = 0;

  constructor(options: UsageShipperOptions) {
    this.#options = {
      flushIntervalMs: 1_000,
      batchSize: 500,
      maxSpooledEvents: 1_000_000,
      retryMinMs: 1_000,
      retryMaxMs: 60_000,
      ...options,
    };
    this.#retryMs = this.#options.retryMinMs;
  }

  /** Reads what an earlier run left on disk and starts sending. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await mkdir(this.#options.spoolDir, { recursive: true, mode: 0o700 });
    const names = (await readdir(this.#options.spoolDir))
      .filter((name) => name.endsWith(SPOOL_SUFFIX))
      .sort();
    this.#spool = names.map((name) => ({ name, events: eventsIn(name) }));
    this.#reportSpool();
    this.#timer = setInterval(() => void this.flush(), this.#options.flushIntervalMs);
    this.#timer.unref();
    if (this.#spool.length > 0) this.#scheduleReplay(0);
  }

  record(event: UsageEvent): void {
    if (this.#closed) return;
    this.#queue.push(event);
    if (this.#queue.length >= this.#options.batchSize) void this.flush();
  }

  /** Events sent or spooled by the time it resolves (one flush at a time, in order). */
  flush(): Promise<void> {
    this.#work = this.#work.then(() => this.#flushQueue());
    return this.#work;
  }

  /** Events waiting on disk. */
  get spooledEvents(): number {
    return this.#spool.reduce((sum, file) => sum + file.events, 0);
  }

  /** Sends (or spools) what is in memory and stops. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#replayTimer);
    await this.flush();
  }

  async #flushQueue(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_USAGE_BATCH);
      // Behind a backlog on disk, new events wait their turn there.
      if (this.#spool.length > 0 || !this.#started) {
        await this.#toSpool(batch);
        continue;
      }
      try {
        await this.#options.send(batch);
        this.#options.metrics?.usageEvents('sent', batch.length);
      } catch (error) {
        await this.#failed(batch, error);
      }
    }
  }

  async #failed(batch: UsageEvent[], error: unknown): Promise<void> {
    if (error instanceof UsageSendError && !error.retriable) {
      this.#options.logger.error(
        { events: batch.length, err: error.message },
        'the control plane refused a usage batch; dropping it',
      );
      this.#options.metrics?.usageEvents('dropped', batch.length);
      return;
    }
    this.#options.logger.warn(
      { events: batch.length, err: error instanceof Error ? error.message : String(error) },
      'usage events could not be sent; keeping them on disk',
    );
    await this.#toSpool(batch);
    this.#scheduleReplay(this.#retryMs);
  }

  async #toSpool(batch: UsageEvent[]): Promise<void> {
    this.#sequence += 1;
    const name = `${String(Date.now()).padStart(15, '0')}-${String(this.#sequence).padStart(9, '0')}-${batch.length}-${randomUUID()}${SPOOL_SUFFIX}`;
    await writeFileAtomic(
      path.join(this.#options.spoolDir, name),
      batch.map((event) => JSON.stringify(event)).join('\n') + '\n',
    );
    this.#spool.push({ name, events: batch.length });
    this.#options.metrics?.usageEvents('spooled', batch.length);
    await this.#enforceLimit();
    this.#reportSpool();
  }

  async #enforceLimit(): Promise<void> {
    while (this.spooledEvents > this.#options.maxSpooledEvents && this.#spool.length > 1) {
      const oldest = this.#spool.shift();
      if (oldest === undefined) break;
      await rm(path.join(this.#options.spoolDir, oldest.name), { force: true });
      this.#options.logger.error(
        { events: oldest.events, limit: this.#options.maxSpooledEvents },
        'the usage spool is full; dropped its oldest batch',
      );
      this.#options.metrics?.usageEvents('dropped', oldest.events);
    }
  }

  #scheduleReplay(delayMs: number): void {
    if (this.#closed || this.#replayTimer !== undefined) return;
    this.#replayTimer = setTimeout(() => {
      this.#replayTimer = undefined;
      this.#work = this.#work.then(() => this.#replay());
    }, delayMs);
    this.#replayTimer.unref();
  }

  /** Sends spooled batches oldest first until one fails (then backs off) or none is left. */
  async #replay(): Promise<void> {
    while (this.#spool.length > 0 && !this.#closed) {
      const file = this.#spool[0];
      if (file === undefined) break;
      const full = path.join(this.#options.spoolDir, file.name);
      let events: UsageEvent[];
      try {
        events = (await readFile(full, 'utf8'))
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as UsageEvent);
      } catch (error) {
        this.#options.logger.error(
          { file: file.name, err: String(error) },
          'unreadable usage spool file; dropping it',
        );
        this.#options.metrics?.usageEvents('dropped', file.events);
        await this.#forget(file, full);
        continue;
      }
      try {
        await this.#options.send(events);
        this.#options.metrics?.usageEvents('sent', events.length);
      } catch (error) {
        if (error instanceof UsageSendError && !error.retriable) {
          this.#options.logger.error(
            { file: file.name, err: error.message },
            'the control plane refused a spooled usage batch; dropping it',
          );
          this.#options.metrics?.usageEvents('dropped', events.length);
        } else {
          this.#retryMs = Math.min(this.#retryMs * 2, this.#options.retryMaxMs);
          this.#scheduleReplay(this.#retryMs);
          return;
        }
      }
      await this.#forget(file, full);
    }
    this.#retryMs = this.#options.retryMinMs;
    if (this.#spool.length === 0) this.#options.logger.info('usage spool drained');
  }

  async #forget(file: SpoolFile, full: string): Promise<void> {
    await rm(full, { force: true });
    this.#spool = this.#spool.filter((entry) => entry !== file);
    this.#reportSpool();
  }

  #reportSpool(): void {
    this.#options.metrics?.usageSpooled(this.spooledEvents);
  }
}

function eventsIn(name: string): number {
  const count = Number(name.split('-')[2]);
  return Number.isInteger(count) && count > 0 ? count : 0;
}
