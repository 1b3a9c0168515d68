import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataplaneController } from './dataplane.controller.js';
import { DataplaneNodeEntity } from './entities/dataplane-node.entity.js';
import { EnrollmentTokenEntity } from './entities/enrollment-token.entity.js';
import { EnrollmentTokensController } from './enrollment-tokens.controller.js';
import { EnrollmentTokensRepository } from './enrollment-tokens.repository.js';
import { EnrollmentTokensService } from './enrollment-tokens.service.js';
import { NodeAuthGuard } from './node-auth.guard.js';
import { NodeConfigService } from './node-config.service.js';
import { NodeEnrollmentService } from './node-enrollment.service.js';
import { NodesController } from './nodes.controller.js';
import { NodesRepository } from './nodes.repository.js';
import { NodesService } from './nodes.service.js';
import { TrustedKeysSource } from './trusted-keys.source.js';

/**
 * The data-plane fleet: enrollment tokens, nodes, node assertions, and the `/dataplane/v1/*`
 * endpoints nodes call (docs/decisions/0010-config-distribution.md). It reads the publisher only
 * through ConfigPublisherReader (ConfigPublisherModule is global). It exports the node guard (and
 * the repository it reads) for other contexts' node routes (dataplane.reader.ts).
 */
@Module({
  imports: [TypeOrmModule.forFeature([EnrollmentTokenEntity, DataplaneNodeEntity])],
  controllers: [EnrollmentTokensController, NodesController, DataplaneController],
  providers: [
    EnrollmentTokensRepository,
    EnrollmentTokensService,
    NodesRepository,
    NodesService,
    NodeEnrollmentService,
    NodeConfigService,
    NodeAuthGuard,
    TrustedKeysSource,
  ],
  exports: [NodeAuthGuard, NodesRepository],
})
export class DataplaneModule {}
