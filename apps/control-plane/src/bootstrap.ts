import 'reflect-metadata';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { mountSignIn } from './modules/identity/sso/sign-in.mount.js';
import { isUsageIngest } from './modules/usage/usage-body.js';
import { ensureDevAdminToken } from './platform/auth/dev-admin-token.js';
import type { Env } from './platform/config/env.schema.js';
import { Settings } from './platform/config/settings.js';
import { parseMasterKey } from '@portcullis/signing';
import { SecretKeys, ensureDevMasterKey } from './platform/crypto/secret-keys.js';
import { consoleStatic } from './platform/console/console-static.js';
import { requestContextMiddleware } from './platform/context/request-context.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './platform/db/embedded-postgres.js';
import { runMigrations } from './platform/db/run-migrations.js';
import { createLogger } from './platform/logging/logger.js';
import { PinoNestLogger } from './platform/logging/nest-logger.js';
import { requestLogging } from './platform/logging/request-logging.js';

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

/** A running control plane: its URL, and how to stop it and everything it started. */
export interface ControlPlane {
  readonly app: INestApplication;
  readonly url: string;
  readonly settings: Settings;
  readonly logger: Logger;
  close(): Promise<void>;
}

/**
 * Starts the control plane: the database (embedded unless DATABASE_URL is set), migrations, the
 * Nest application and its HTTP listener. Used by `main.ts` and by tests, so both run the same
 * start-up path.
 */
export async function startControlPlane(
  env: Env,
  logger: Logger = createLogger(env.LOG_LEVEL),
): Promise<ControlPlane> {
  const dataDir = resolve(env.PORTCULLIS_DATA_DIR);
  let embedded: EmbeddedPostgres | undefined;
  let app: INestApplication | undefined;
  try {
    if (env.DATABASE_URL === undefined) {
      embedded = await startEmbeddedPostgres(dataDir);
      logger.info({ dataDir }, 'embedded PostgreSQL (PGlite) started');
    }
    const databaseUrl = env.DATABASE_URL ?? (embedded as EmbeddedPostgres).url;
    const applied = await runMigrations(databaseUrl);
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema is up to date');

    let adminToken = env.PORTCULLIS_ADMIN_TOKEN;
    if (adminToken === undefined && embedded !== undefined) {
      const generated = ensureDevAdminToken(dataDir);
      adminToken = generated.token;
      logger.info({ file: generated.file }, 'development admin token is in this file');
    }

    let masterKey: Uint8Array;
    if (env.PORTCULLIS_MASTER_KEY !== undefined) {
      masterKey = parseMasterKey(env.PORTCULLIS_MASTER_KEY);
    } else {
      // loadEnv requires the key whenever DATABASE_URL is set, so only the embedded stack gets here.
      const generated = ensureDevMasterKey(dataDir);
      masterKey = generated.key;
      logger.info({ file: generated.file }, 'development master key is in this file');
    }

    const settings = new Settings(
      env,
      databaseUrl,
      embedded !== undefined,
      dataDir,
      env.CONSOLE_DIST_DIR === undefined ? DEFAULT_CONSOLE_DIR : resolve(env.CONSOLE_DIST_DIR),
      adminToken,
      new SecretKeys(masterKey),
    );

    app = await NestFactory.create(AppModule.forRoot(settings, logger), {
      logger: new PinoNestLogger(logger.child({ component: 'nest' })),
      bodyParser: false,
    });
    const server = app.getHttpAdapter().getInstance() as express.Express;
    server.disable('x-powered-by');
    app.use(requestLogging(logger));
    app.use(requestContextMiddleware);
    // Sessions, trusted proxies and the development IdP (which parses its own bodies: before JSON).
    const signIn = mountSignIn(app, settings, logger);
    const json = express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] });
    // Usage batches are larger and read only once the node is authenticated (modules/usage).
    app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (isUsageIngest(req)) next();
      else json(req, res, next);
    });
    app.use(...consoleStatic(settings.consoleDir));
    setUpOpenApi(app);

    await app.listen(env.CONTROL_PLANE_PORT, env.CONTROL_PLANE_HOST);
    const url = listeningUrl(app, env.CONTROL_PLANE_HOST);
    await signIn.start(url);
    logger.info({ url, database: embedded ? 'embedded' : 'postgres' }, `control plane listening on ${url}`);

    const running = app;
    return {
      app: running,
      url,
      settings,
      logger,
      async close() {
        await running.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await app?.close();
    await embedded?.stop();
    throw error;
  }
}

function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Portcullis admin API')
    .setDescription(
      'The control plane of the Portcullis AI gateway: tenants, identity, catalog, access and audit.',
    )
    .setVersion('v1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
}

function listeningUrl(app: INestApplication, host: string): string {
  const address = (app.getHttpServer() as import('node:http').Server).address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
