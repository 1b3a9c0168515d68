import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CONFIG_REVISIONS } from '../../platform/revisions/config-revisions.js';
import { ChangeLogRepository } from './change-log.repository.js';
import { ChangeLogService } from './change-log.service.js';
import { BundleCompiler } from './bundle-compiler.js';
import { BundlePublisher } from './bundle-publisher.js';
import { ConfigPublisherReader } from './config-publisher.reader.js';
import { FleetSecretEntity } from './entities/fleet-secret.entity.js';
import { SigningKeyEntity } from './entities/signing-key.entity.js';
import { FleetSecretsService } from './fleet-secrets.service.js';
import { RevisionWatcher } from './revision-watcher.js';
import { SigningKeysController } from './signing-keys.controller.js';
import { SigningKeysService } from './signing-keys.service.js';
import { ChangeRecorder } from '../../platform/revisions/change-recorder.js';
import { ConfigChangesController } from './config-changes.controller.js';
import { ConfigChangeEntity } from './entities/config-change.entity.js';

/**
 * The config publisher: the global revision counter and its change log (bumped by every context
 * in the transaction of its change), the signing keys and fleet secrets, and the compiled, signed
 * snapshots and deltas that data-plane nodes fetch (docs/decisions/0010-config-distribution.md).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ConfigChangeEntity, SigningKeyEntity, FleetSecretEntity])],
  controllers: [ConfigChangesController, SigningKeysController],
  providers: [
    ChangeLogRepository,
    ChangeLogService,
    { provide: CONFIG_REVISIONS, useExisting: ChangeLogService },
    ChangeRecorder,
    SigningKeysService,
    FleetSecretsService,
    RevisionWatcher,
    BundleCompiler,
    BundlePublisher,
    ConfigPublisherReader,
  ],
  exports: [CONFIG_REVISIONS, ChangeRecorder, ConfigPublisherReader],
})
export class ConfigPublisherModule {}
