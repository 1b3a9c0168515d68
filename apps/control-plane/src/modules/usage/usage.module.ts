import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module.js';
import { DataplaneModule } from '../dataplane/dataplane.module.js';
import { UsageEventEntity } from './entities/usage-event.entity.js';
import { StoreUsageBatchJob } from './jobs/store-usage-batch.job.js';
import { UsageIngestController } from './usage-ingest.controller.js';
import { UsageIngestService } from './usage-ingest.service.js';
import { UsageController } from './usage.controller.js';
import { UsageRepository } from './usage.repository.js';
import { UsageService } from './usage.service.js';

/**
 * Usage: the events data-plane nodes report (`POST /dataplane/v1/usage`, behind DataplaneModule's
 * node guard), stored by a job, and read through `/api/v1/usage` (docs/decisions/0013). Feeds the
 * access module's key last-used times.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UsageEventEntity]), DataplaneModule, AccessModule],
  controllers: [UsageIngestController, UsageController],
  providers: [UsageRepository, UsageIngestService, UsageService, StoreUsageBatchJob],
})
export class UsageModule {}
