import { type DynamicModule, Global, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { AccessModule } from './modules/access/access.module.js';
import { DataplaneModule } from './modules/dataplane/dataplane.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { ConfigPublisherModule } from './modules/config-publisher/config-publisher.module.js';
import { IdentityModule } from './modules/identity/identity.module.js';
import { TenantsModule } from './modules/tenants/tenants.module.js';
import { UsageModule } from './modules/usage/usage.module.js';
import { AdminTokenAuthenticator } from './platform/auth/admin-token.authenticator.js';
import { AuthGuard } from './platform/auth/auth.guard.js';
import { AuthenticatorRegistry } from './platform/auth/authenticator.js';
import { Settings } from './platform/config/settings.js';
import { dataSourceOptions } from './platform/db/data-source-options.js';
import { EMBEDDED_POOL_SIZE } from './platform/db/embedded-postgres.js';
import { AdminErrorFilter } from './platform/errors/admin-error.filter.js';
import { validationFailed } from './platform/errors/validation.js';
import { HealthController } from './platform/health/health.controller.js';
import { Transactions } from './platform/db/transactions.js';
import { LOGGER } from './platform/logging/logger.token.js';
import { QueueModule } from './platform/queue/queue.module.js';

@Global()
@Module({})
class PlatformModule {
  static forRoot(settings: Settings, logger: Logger): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: Settings, useValue: settings },
        { provide: LOGGER, useValue: logger },
        Transactions,
        {
          provide: AuthenticatorRegistry,
          useFactory: () => {
            const registry = new AuthenticatorRegistry();
            registry.register(new AdminTokenAuthenticator(settings.adminToken));
            return registry;
          },
        },
      ],
      exports: [Settings, LOGGER, AuthenticatorRegistry, Transactions],
    };
  }
}

/** The control plane: platform plumbing first, then one module per bounded context. */
@Module({})
export class AppModule {
  static forRoot(settings: Settings, logger: Logger): DynamicModule {
    const poolSize = settings.embeddedDatabase ? EMBEDDED_POOL_SIZE : settings.env.DATABASE_POOL_SIZE;
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(settings, logger),
        TypeOrmModule.forRoot({ ...dataSourceOptions(settings.databaseUrl, poolSize), retryAttempts: 2 }),
        QueueModule,
        ConfigPublisherModule,
        IdentityModule,
        TenantsModule,
        AuditModule,
        CatalogModule,
        AccessModule,
        DataplaneModule,
        UsageModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            exceptionFactory: validationFailed,
          }),
        },
        { provide: APP_FILTER, useFactory: (log: Logger) => new AdminErrorFilter(log), inject: [LOGGER] },
      ],
    };
  }
}
