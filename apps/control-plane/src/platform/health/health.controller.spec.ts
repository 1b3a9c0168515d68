import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import type { JobQueue } from '../queue/job-queue.js';
import { HealthController } from './health.controller.js';

function fakes(database: () => Promise<unknown>, ping: () => Promise<void>) {
  const dataSource = { query: database } as unknown as DataSource;
  const queue = { kind: 'bullmq', ping } as unknown as JobQueue;
  const statuses: number[] = [];
  const response = {
    status(code: number) {
      statuses.push(code);
      return response;
    },
  } as unknown as Response;
  return { controller: new HealthController(dataSource, queue), response, statuses };
}

describe(HealthController.name, () => {
  it('is not ready when the job queue is unreachable, and says which dependency', async () => {
    const { controller, response, statuses } = fakes(
      () => Promise.resolve([{ '?column?': 1 }]),
      () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')),
    );
    const body = await controller.readyz(response);
    expect(statuses).toEqual([503]);
    expect(body).toEqual({
      status: 'error',
      checks: {
        database: { status: 'ok' },
        queue: { status: 'error', message: 'the job queue (bullmq) is unreachable' },
      },
    });
  });

  it('is not ready when the database is unreachable, without leaking the driver error', async () => {
    const { controller, response, statuses } = fakes(
      () => Promise.reject(new Error('password authentication failed for user "app"')),
      () => Promise.resolve(),
    );
    const body = await controller.readyz(response);
    expect(statuses).toEqual([503]);
    expect(JSON.stringify(body)).not.toContain('password');
    expect(body.checks?.database).toEqual({ status: 'error', message: 'the database is unreachable' });
  });

  it('is ready when both answer', async () => {
    const { controller, response, statuses } = fakes(
      () => Promise.resolve([]),
      () => Promise.resolve(),
    );
    expect(await controller.readyz(response)).toMatchObject({ status: 'ok' });
    expect(statuses).toEqual([200]);
  });
});
