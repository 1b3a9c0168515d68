import { pino } from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { BullMqJobQueue } from '../../src/platform/queue/bullmq-job-queue.js';
import { InProcessJobQueue } from '../../src/platform/queue/in-process-job-queue.js';
import { defineJob, type JobContext, type JobQueue } from '../../src/platform/queue/job-queue.js';

const Echo = defineJob<{ tenantId: string }>('test.echo');
const Flaky = defineJob<Record<string, never>>('test.flaky');
const Late = defineJob<{ n: number }>('test.late');

const silent = pino({ level: 'silent' });

/** A promise with its resolve handle, so a test awaits the event instead of sleeping. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const implementations: [string, () => JobQueue][] = [
  ['BullMQ on Redis', () => new BullMqJobQueue(inject('redisUrl'), `${inject('redisPrefix')}-jobs`, silent)],
  ['in-process', () => new InProcessJobQueue(silent)],
];

describe.each(implementations)('JobQueue: %s', (_name, create) => {
  let queue: JobQueue;

  afterEach(async () => {
    await queue.close();
  });

  it('runs an enqueued job through its registered handler', async () => {
    queue = create();
    const ran = deferred<{ data: unknown; context: JobContext }>();
    queue.register(Echo, (data, context) => {
      ran.resolve({ data, context });
      return Promise.resolve();
    });
    const id = await queue.enqueue(Echo, { tenantId: 't-1' });

    const { data, context } = await ran.promise;
    expect(data).toEqual({ tenantId: 't-1' });
    expect(context).toMatchObject({ id, name: 'test.echo', attempt: 1 });
  });

  it('retries a failing job until it succeeds', async () => {
    queue = create();
    const attempts: number[] = [];
    const succeeded = deferred<number>();
    queue.register(Flaky, (_data, context) => {
      attempts.push(context.attempt);
      if (context.attempt < 2) return Promise.reject(new Error('transient failure'));
      succeeded.resolve(context.attempt);
      return Promise.resolve();
    });
    await queue.enqueue(Flaky, {}, { attempts: 3 });

    expect(await succeeded.promise).toBe(2);
    expect(attempts).toEqual([1, 2]);
  });

  it('runs a job enqueued before its handler is registered', async () => {
    queue = create();
    await queue.enqueue(Late, { n: 7 });
    const ran = deferred<unknown>();
    queue.register(Late, (data) => {
      ran.resolve(data);
      return Promise.resolve();
    });
    expect(await ran.promise).toEqual({ n: 7 });
  });

  it('answers ping while its backend is reachable', async () => {
    queue = create();
    await expect(queue.ping()).resolves.toBeUndefined();
  });
});
