import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  DEFAULT_ATTEMPTS,
  type EnqueueOptions,
  type JobDefinition,
  type JobHandler,
  type JobQueue,
} from './job-queue.js';

interface PendingJob {
  id: string;
  name: string;
  data: unknown;
  attempts: number;
  attempt: number;
}

/**
 * The embedded stack's queue: jobs run one at a time on this process's event loop, in order,
 * with retries. Jobs do not survive a restart — acceptable for one machine, and why clustered
 * deployments set REDIS_URL (docs/decisions/0002).
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process';
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly pending: PendingJob[] = [];
  private readonly known = new Set<string>();
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly logger: Logger) {}

  register<T>(job: JobDefinition<T>, handler: JobHandler<T>): void {
    const { name } = job;
    if (this.handlers.has(name)) throw new Error(`A handler for job "${name}" is already registered`);
    this.handlers.set(name, handler as JobHandler<unknown>);
    this.drain();
  }

  enqueue<T>(job: JobDefinition<T>, data: T, options: EnqueueOptions = {}): Promise<string> {
    const { name } = job;
    if (this.closed) return Promise.reject(new Error('The job queue is closed'));
    const id = options.jobId ?? randomUUID();
    if (this.known.has(id)) return Promise.resolve(id);
    this.known.add(id);
    this.pending.push({ id, name, data, attempts: options.attempts ?? DEFAULT_ATTEMPTS, attempt: 1 });
    this.drain();
    return Promise.resolve(id);
  }

  ping(): Promise<void> {
    return this.closed ? Promise.reject(new Error('The job queue is closed')) : Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private drain(): void {
    this.running ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        void this.runAll().finally(() => {
          this.running = undefined;
          resolve();
          if (this.runnable() !== undefined && !this.closed) this.drain();
        });
      });
    });
  }

  private runnable(): number | undefined {
    const index = this.pending.findIndex((job) => this.handlers.has(job.name));
    return index === -1 ? undefined : index;
  }

  private async runAll(): Promise<void> {
    for (let index = this.runnable(); index !== undefined; index = this.runnable()) {
      const job = this.pending.splice(index, 1)[0];
      if (job === undefined) return;
      const handler = this.handlers.get(job.name);
      if (handler === undefined) continue;
      try {
        await handler(job.data, { id: job.id, name: job.name, attempt: job.attempt });
        this.known.delete(job.id);
      } catch (error) {
        if (job.attempt < job.attempts) {
          this.logger.warn(
            { err: error, job: job.name, jobId: job.id, attempt: job.attempt },
            'job failed; retrying',
          );
          this.pending.push({ ...job, attempt: job.attempt + 1 });
        } else {
          this.known.delete(job.id);
          this.logger.error(
            { err: error, job: job.name, jobId: job.id, attempt: job.attempt },
            'job failed; giving up',
          );
        }
      }
    }
  }
}
