import { Inject, Injectable } from '@nestjs/common';
import { parseUsageBatch, type UsageEvent } from '@portcullis/contracts';
import type { Logger } from 'pino';
import { withTimeout } from '../../platform/async/with-timeout.js';
import { currentRequestContext } from '../../platform/context/request-context.js';
import { AppError, type FieldProblem } from '../../platform/errors/app-error.js';
import { LOGGER } from '../../platform/logging/logger.token.js';
import { JOB_QUEUE, type JobQueue } from '../../platform/queue/job-queue.js';
import { ApiKeyUsageRecorder } from '../access/access.reader.js';
import { UsageErrors } from './usage.errors.js';
import { StoreUsageBatch, type StoreUsageBatchData } from './usage.events.js';
import { UsageRepository } from './usage.repository.js';

/**
 * How long a node waits for the queue to take its batch. BullMQ queues commands while Redis is
 * away instead of failing them; past this the node is told 503 and keeps its events. Should the
 * job still be added later, the node's resend is stored once all the same (event ids).
 */
export const ENQUEUE_TIMEOUT_MS = 5_000;

/** Field problems listed in a 400 at most: a batch of 1,000 bad events would otherwise name 1,000s. */
const MAX_PROBLEMS = 50;

// Instants PostgreSQL can store and JavaScript can print back (years 1 to 9999 in UTC).
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Usage events from data-plane nodes (docs/decisions/0013-usage-events.md): a batch is validated
 * whole and handed to the job queue as one job; the job stores each event once by its id and
 * notes the keys it used.
 */
@Injectable()
export class UsageIngestService {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly repository: UsageRepository,
    private readonly keyUses: ApiKeyUsageRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Validates a batch and enqueues it; resolves once the queue holds it. Any invalid event refuses
   * the whole batch (400, every problem named), so nothing of it is stored; a queue that does not
   * take it is a 503.
   */
  async accept(nodeId: string, body: unknown): Promise<{ accepted: number }> {
    if (body === undefined) throw UsageErrors.notJson();
    const parsed = parseUsageBatch(body);
    const problems = parsed.ok
      ? unstorable(parsed.batch.events)
      : parsed.issues.map((issue) => ({ field: issue.path, message: issue.message }));
    if (!parsed.ok || problems.length > 0) throw AppError.validation(capped(problems));

    const { events } = parsed.batch;
    const requestId = currentRequestContext()?.requestId ?? '';
    const data: StoreUsageBatchData = { nodeId, receivedAt: new Date().toISOString(), requestId, events };
    try {
      await withTimeout(this.queue.enqueue(StoreUsageBatch, data), ENQUEUE_TIMEOUT_MS, 'the job queue');
    } catch (error) {
      this.logger.error({ err: error, nodeId, events: events.length }, 'usage batch not enqueued');
      throw UsageErrors.queueUnavailable();
    }
    return { accepted: events.length };
  }

  /**
   * Stores a batch (the job's work): events already stored are skipped, so a batch sent twice or a
   * job run twice counts once. Every key named moves its last-used time forward, replays included
   * (a time never moves back). Returns how many events were new.
   */
  async store(data: StoreUsageBatchData): Promise<number> {
    const stored = await this.repository.insertBatch(data.nodeId, new Date(data.receivedAt), data.events);
    for (const event of data.events) {
      if (event.keyId !== null) this.keyUses.noteUse(event.keyId, new Date(event.occurredAt));
    }
    this.logger.info(
      {
        nodeId: data.nodeId,
        requestId: data.requestId,
        events: data.events.length,
        stored,
        duplicates: data.events.length - stored,
      },
      'usage batch stored',
    );
    return stored;
  }
}

/** What the schema allows but the database could not store: it would fail the job on every retry. */
function unstorable(events: readonly UsageEvent[]): FieldProblem[] {
  return events.flatMap((event, index) => {
    const at = Date.parse(event.occurredAt);
    return at >= EARLIEST && at <= LATEST
      ? []
      : [{ field: `events[${index}].occurredAt`, message: 'must lie between the years 1 and 9999 (UTC)' }];
  });
}

function capped(problems: FieldProblem[]): FieldProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { field: 'events', message: `and ${problems.length - MAX_PROBLEMS} more problems` },
  ];
}
