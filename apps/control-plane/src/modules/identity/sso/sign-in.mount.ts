import type { INestApplication } from '@nestjs/common';
import type express from 'express';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { Settings } from '../../../platform/config/settings.js';
import { DEV_IDP_CLIENT_ID, DEV_IDP_PATH, DevIdpMount, devIdpEnabled } from '../dev-idp/dev-idp.js';
import { DevIdpSeeder } from '../dev-idp/dev-idp.seed.js';
import { consoleSession } from './console-session.js';
import { deriveKey } from './derive-key.js';
import { PLATFORM_PROVIDER_ID } from './sso-providers.js';
import { SsoRuntime } from './sso-runtime.js';

/** Express's `trust proxy` from TRUST_PROXY: off unless set. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export interface SignIn {
  /** Once the control plane listens: learns its public URL, starts the development IdP if any. */
  start(listeningUrl: string): Promise<void>;
}

/**
 * Console sign-in's HTTP plumbing, mounted before the control plane listens: which proxies to
 * trust, the session middleware on the routes that use it, and the place of the development IdP.
 */
export function mountSignIn(app: INestApplication, settings: Settings, logger: Logger): SignIn {
  const { env } = settings;
  const server = app.getHttpAdapter().getInstance() as express.Express;
  const trustProxy = trustProxySetting(env.TRUST_PROXY);
  server.set('trust proxy', trustProxy);

  // Sessions only where they are used: sign-in routes and the admin API (not SCIM, health, assets).
  app.use(
    ['/auth', '/api'],
    consoleSession(
      app.get(DataSource),
      settings.secretKeys.masterKey,
      logger.child({ component: 'sessions' }),
    ),
  );

  const devIdp = devIdpEnabled(env) ? new DevIdpMount() : undefined;
  if (devIdp !== undefined) app.use(DEV_IDP_PATH, devIdp.middleware);

  return {
    async start(listeningUrl: string): Promise<void> {
      const publicUrl = (env.PUBLIC_URL ?? listeningUrl).replace(/\/+$/, '');
      const runtime = app.get(SsoRuntime);
      if (devIdp === undefined) {
        const platform =
          env.OIDC_ISSUER === undefined || env.OIDC_CLIENT_ID === undefined
            ? undefined
            : {
                issuer: env.OIDC_ISSUER,
                clientId: env.OIDC_CLIENT_ID,
                clientSecret: env.OIDC_CLIENT_SECRET ?? '',
                name: new URL(env.OIDC_ISSUER).host,
              };
        runtime.start({ publicUrl, publicUrlConfigured: env.PUBLIC_URL !== undefined, platform });
        return;
      }

      const masterKey = settings.secretKeys.masterKey;
      const issuer = `${publicUrl}${DEV_IDP_PATH}`;
      const clientSecret = deriveKey(masterKey, 'dev-idp-client').toString('base64url');
      const acmeProviderId = await app
        .get(DevIdpSeeder)
        .seed({ issuer, clientId: DEV_IDP_CLIENT_ID, clientSecret });
      const redirectUris = [
        PLATFORM_PROVIDER_ID,
        ...(acmeProviderId === undefined ? [] : [acmeProviderId]),
      ].map((id) => `${publicUrl}/auth/callback/${id}`);
      await devIdp.activate({
        issuer,
        clientSecret,
        redirectUris,
        cookieKey: deriveKey(masterKey, 'dev-idp-cookies').toString('base64url'),
        trustProxy: trustProxy !== false,
        logger: logger.child({ component: 'dev-idp' }),
      });
      runtime.start({
        publicUrl,
        publicUrlConfigured: env.PUBLIC_URL !== undefined,
        platform: { issuer, clientId: DEV_IDP_CLIENT_ID, clientSecret, name: 'Development IdP' },
      });
      logger.info(
        { issuer, accounts: 'alice, bob, carol, dave (README: Signing in)' },
        'development IdP running (demo accounts in the README); it never runs with OIDC_ISSUER set or in production',
      );
    },
  };
}
