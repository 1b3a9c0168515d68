import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { DIRECTORY_CHANGE_SINK, RevisionDirectoryChangeSink } from './directory.events.js';
import { ScimTokenEntity } from './entities/scim-token.entity.js';
import { ScimBearerGuard } from './scim-bearer.guard.js';
import { ScimDirectoryRepository } from './scim-directory.repository.js';
import { ScimDiscoveryController } from './scim-discovery.controller.js';
import { ScimErrorFilter } from './scim-error.filter.js';
import { ScimGroupsController } from './scim-groups.controller.js';
import { ScimGroupsService } from './scim-groups.service.js';
import { ScimHttpHooks } from './scim-http.hooks.js';
import { ScimTokensController } from './scim-tokens.controller.js';
import { ScimTokensRepository } from './scim-tokens.repository.js';
import { ScimTokensService } from './scim-tokens.service.js';
import { ScimUsersController } from './scim-users.controller.js';
import { ScimUsersService } from './scim-users.service.js';

/**
 * SCIM 2.0 provisioning of the identity context (docs/decisions/0007-scim.md): the /scim/v2
 * endpoints IdPs push users and groups to, and the admin API of the tenant SCIM tokens. Wiring
 * only; IdentityModule imports it.
 */
@Module({
  imports: [TenantsModule, TypeOrmModule.forFeature([ScimTokenEntity])],
  controllers: [ScimTokensController, ScimUsersController, ScimGroupsController, ScimDiscoveryController],
  providers: [
    ScimTokensRepository,
    ScimTokensService,
    ScimBearerGuard,
    ScimErrorFilter,
    ScimHttpHooks,
    ScimDirectoryRepository,
    ScimUsersService,
    ScimGroupsService,
    // SEAM: the config publisher replaces this with a sink that writes a new config revision.
    { provide: DIRECTORY_CHANGE_SINK, useClass: RevisionDirectoryChangeSink },
  ],
})
export class ScimModule {}
