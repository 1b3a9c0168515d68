import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantsModule } from '../tenants/tenants.module.js';
import { CatalogReader } from './catalog.reader.js';
import { ModelEntity } from './entities/model.entity.js';
import { ProviderEntity } from './entities/provider.entity.js';
import { ModelsController } from './models.controller.js';
import { ModelsRepository } from './models.repository.js';
import { ModelsService } from './models.service.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersRepository } from './providers.repository.js';
import { ProvidersService } from './providers.service.js';

/** The model catalog: upstream providers and models with their deployments (grants live in the access module). */
@Module({
  imports: [TypeOrmModule.forFeature([ProviderEntity, ModelEntity]), TenantsModule],
  controllers: [ProvidersController, ModelsController],
  providers: [ProvidersService, ProvidersRepository, ModelsService, ModelsRepository, CatalogReader],
  exports: [CatalogReader],
})
export class CatalogModule {}
