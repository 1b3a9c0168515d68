/** Metadata handed to a job handler with the job's data. */
export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first run, then 2, 3, … on retries. */
  attempt: number;
}

export type JobHandler<T> = (data: T, context: JobContext) => Promise<void>;

/** A job's name tied to the type of its data, so producers and handlers cannot disagree. */
export interface JobDefinition<T> {
  readonly name: string;
  /** Never set: carries the data type only. */
  readonly data?: T;
}

/**
 * @example
 * export const PublishSnapshot = defineJob<{ revision: number }>('config.publish-snapshot');
 * queue.register(PublishSnapshot, async ({ revision }) => { ... });
 * await queue.enqueue(PublishSnapshot, { revision: 42 });
 */
export function defineJob<T>(name: string): JobDefinition<T> {
  return { name };
}

export interface EnqueueOptions {
  /** Deduplicates: a job whose id is already queued or running is not added twice. */
  jobId?: string;
  /** How many times to try before giving up (default 3). */
  attempts?: number;
}

/**
 * Background work behind one interface: BullMQ when REDIS_URL is set, an in-process queue for
 * the one-machine embedded stack. Modules enqueue by job name; the handler registered under that
 * name runs the job, possibly on another replica.
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  register<T>(job: JobDefinition<T>, handler: JobHandler<T>): void;
  enqueue<T>(job: JobDefinition<T>, data: T, options?: EnqueueOptions): Promise<string>;
  /** Resolves when the queue's backend is reachable; rejects with the reason otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Injection token of the JobQueue. */
export const JOB_QUEUE = Symbol('JOB_QUEUE');

export const DEFAULT_ATTEMPTS = 3;
