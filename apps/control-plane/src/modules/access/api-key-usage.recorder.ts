import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../platform/logging/logger.token.js';
import { ApiKeysRepository } from './api-keys.repository.js';

/** How often noted key uses are written; a key's last-used time is at most this stale. */
export const KEY_USAGE_FLUSH_MS = 10_000;

/**
 * Last-used times of API keys, collected in memory and written in one statement per flush, so a
 * call through the gateway never costs a database write. Fed by the data plane's usage reports.
 */
@Injectable()
export class ApiKeyUsageRecorder implements OnApplicationShutdown {
  private pending = new Map<string, Date>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<number> | undefined;

  constructor(
    private readonly keys: ApiKeysRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Notes that a key was used at `at`; cheap, and safe to call for every call. */
  noteUse(keyId: string, at: Date): void {
    this.remember(keyId, at);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: unknown) => {
        this.logger.error({ err: error }, 'writing API key last-used times failed');
      });
    }, KEY_USAGE_FLUSH_MS).unref();
  }

  /** Writes every noted use now; returns how many keys moved forward. */
  async flush(): Promise<number> {
    await this.flushing;
    if (this.pending.size === 0) return 0;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.keys.recordLastUsed(batch).catch((error: unknown) => {
      // Put the batch back (newer notes win) so nothing is lost on a transient failure.
      for (const [id, at] of batch) this.remember(id, at);
      throw error;
    });
    try {
      return await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  private remember(keyId: string, at: Date): void {
    const known = this.pending.get(keyId);
    if (known === undefined || known < at) this.pending.set(keyId, at);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch((error: unknown) => {
      this.logger.error({ err: error }, 'writing API key last-used times at shutdown failed');
    });
  }
}
