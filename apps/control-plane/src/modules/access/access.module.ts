import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { AccessExplainController } from './access-explain.controller.js';
import { AccessExplainService } from './access-explain.service.js';
import { ApiKeyUsageRecorder } from './api-key-usage.recorder.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApplicationsController } from './applications.controller.js';
import { ApplicationsRepository } from './applications.repository.js';
import { ApplicationsService } from './applications.service.js';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { ApplicationEntity } from './entities/application.entity.js';
import { GrantEntity } from './entities/grant.entity.js';
import { GrantsController } from './grants.controller.js';
import { GrantsRepository } from './grants.repository.js';
import { GrantsService } from './grants.service.js';

/**
 * Access: applications (service identities), virtual API keys, grants of model aliases, and the
 * access explainer built on libs/policy (docs/decisions/0009-applications-keys-grants.md).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ApplicationEntity, ApiKeyEntity, GrantEntity]),
    TenantsModule,
    IdentityModule,
    CatalogModule,
  ],
  controllers: [ApplicationsController, ApiKeysController, GrantsController, AccessExplainController],
  providers: [
    ApplicationsRepository,
    ApplicationsService,
    ApiKeysRepository,
    ApiKeysService,
    ApiKeyUsageRecorder,
    GrantsRepository,
    GrantsService,
    AccessExplainService,
  ],
  exports: [ApiKeyUsageRecorder],
})
export class AccessModule {}
