import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CONFIG_REVISIONS } from '../../platform/revisions/config-revisions.js';
import { ChangeLogRepository } from './change-log.repository.js';
import { ChangeLogService } from './change-log.service.js';
import { ConfigChangesController } from './config-changes.controller.js';
import { ConfigChangeEntity } from './entities/config-change.entity.js';

/**
 * The config publisher. Today: the global revision counter and its change log, bumped by every
 * context in the transaction of its change. Compiling, signing and serving bundles to data-plane
 * nodes come next (issue: publisher).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ConfigChangeEntity])],
  controllers: [ConfigChangesController],
  providers: [
    ChangeLogRepository,
    ChangeLogService,
    { provide: CONFIG_REVISIONS, useExisting: ChangeLogService },
  ],
  exports: [CONFIG_REVISIONS],
})
export class ConfigPublisherModule {}
