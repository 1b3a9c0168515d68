import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import type { Logger } from 'pino';
import { Settings } from '../config/settings.js';
import { LOGGER } from '../logging/logger.token.js';
import { BullMqJobQueue } from './bullmq-job-queue.js';
import { InProcessJobQueue } from './in-process-job-queue.js';
import { JOB_QUEUE, type JobQueue } from './job-queue.js';

export function createJobQueue(settings: Settings, logger: Logger): JobQueue {
  const { REDIS_URL, REDIS_PREFIX } = settings.env;
  return REDIS_URL === undefined
    ? new InProcessJobQueue(logger.child({ component: 'jobs' }))
    : new BullMqJobQueue(REDIS_URL, REDIS_PREFIX, logger.child({ component: 'jobs' }));
}

@Global()
@Module({
  providers: [{ provide: JOB_QUEUE, useFactory: createJobQueue, inject: [Settings, LOGGER] }],
  exports: [JOB_QUEUE],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
