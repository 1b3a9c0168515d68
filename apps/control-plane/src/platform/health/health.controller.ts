import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@portcullis/contracts';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { withTimeout } from '../async/with-timeout.js';
import { Public } from '../auth/public.decorator.js';
import { JOB_QUEUE, type JobQueue } from '../queue/job-queue.js';

const CHECK_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** Liveness: the process is up and serving HTTP. */
  @Get('healthz')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is alive' })
  healthz(): HealthResponse {
    return { status: 'ok' };
  }

  /** Readiness: the database and the job queue answer. */
  @Get('readyz')
  @ApiOkResponse({ description: 'Database and job queue reachable' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is unreachable; checks say which' })
  async readyz(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const [database, queue] = await Promise.all([
      this.check(() => this.dataSource.query('SELECT 1'), 'the database'),
      this.check(() => this.queue.ping(), `the job queue (${this.queue.kind})`),
    ]);
    const ready = database.status === 'ok' && queue.status === 'ok';
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'error', checks: { database, queue } };
  }

  private async check(
    probe: () => Promise<unknown>,
    what: string,
  ): Promise<{ status: 'ok' | 'error'; message?: string }> {
    try {
      await withTimeout(probe(), CHECK_TIMEOUT_MS, what);
      return { status: 'ok' };
    } catch {
      // The reason is logged by the driver; the public answer only says what is down.
      return { status: 'error', message: `${what} is unreachable` };
    }
  }
}
