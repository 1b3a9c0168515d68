import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '../../../platform/queue/job-queue.js';
import { UsageIngestService } from '../usage-ingest.service.js';
import { StoreUsageBatch, type StoreUsageBatchData } from '../usage.events.js';

/**
 * Stores the batches nodes send. Registered by every control-plane process (there is no separate
 * worker role yet), so whichever replica BullMQ hands a job to stores it.
 */
@Injectable()
export class StoreUsageBatchJob implements OnModuleInit {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly ingest: UsageIngestService,
  ) {}

  onModuleInit(): void {
    this.queue.register(StoreUsageBatch, async (data) => {
      await this.run(data);
    });
  }

  /** Returns how many of the batch's events were new. */
  run(data: StoreUsageBatchData): Promise<number> {
    return this.ingest.store(data);
  }
}
