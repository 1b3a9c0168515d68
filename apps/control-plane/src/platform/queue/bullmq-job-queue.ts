import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  DEFAULT_ATTEMPTS,
  type EnqueueOptions,
  type JobDefinition,
  type JobHandler,
  type JobQueue,
} from './job-queue.js';

const QUEUE_NAME = 'jobs';

/**
 * BullMQ behind the JobQueue interface: one queue, job names dispatch to handlers, retries with
 * exponential back-off. Every replica that registers handlers also works the queue.
 */
export class BullMqJobQueue implements JobQueue {
  readonly kind = 'bullmq';
  private readonly connection: Redis;
  private readonly queue: Queue;
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private worker: Worker | undefined;

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    // BullMQ's blocking commands need maxRetriesPerRequest: null.
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (error: Error) => {
      this.logger.warn({ err: error }, 'redis connection error');
    });
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix });
  }

  register<T>(job: JobDefinition<T>, handler: JobHandler<T>): void {
    const { name } = job;
    if (this.handlers.has(name)) throw new Error(`A handler for job "${name}" is already registered`);
    this.handlers.set(name, handler as JobHandler<unknown>);
    this.worker ??= this.startWorker();
  }

  async enqueue<T>(job: JobDefinition<T>, data: T, options: EnqueueOptions = {}): Promise<string> {
    const { name } = job;
    const added = await this.queue.add(name, data, {
      ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    });
    if (added.id === undefined) throw new Error(`BullMQ returned no id for job "${name}"`);
    return added.id;
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
  }

  private startWorker(): Worker {
    const worker = new Worker(
      QUEUE_NAME,
      async (job: Job) => {
        const handler = this.handlers.get(job.name);
        if (handler === undefined) throw new Error(`No handler is registered for job "${job.name}"`);
        await handler(job.data, { id: job.id ?? '', name: job.name, attempt: job.attemptsMade + 1 });
      },
      { connection: this.connection.duplicate(), prefix: this.prefix, concurrency: 4 },
    );
    worker.on('failed', (job, error) => {
      this.logger.error({ err: error, job: job?.name, jobId: job?.id }, 'job failed');
    });
    worker.on('error', (error) => {
      this.logger.warn({ err: error }, 'job worker error');
    });
    return worker;
  }
}
