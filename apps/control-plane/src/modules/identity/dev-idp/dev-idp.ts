import { generateKeyPairSync, randomUUID } from 'node:crypto';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import type {
  Configuration,
  interactionPolicy as InteractionPolicy,
  KoaContextWithOIDC,
  Provider,
} from 'oidc-provider';
import type { Logger } from 'pino';
import { checkDevCredentials, findDevAccount } from './dev-idp.accounts.js';
import { DevIdpStorage } from './dev-idp.adapter.js';
import { errorPage, loginPage } from './dev-idp.pages.js';

/** Where the development IdP is mounted on the control plane. */
export const DEV_IDP_PATH = '/dev-idp';
export const DEV_IDP_CLIENT_ID = 'portcullis-console';
const SCOPE = 'openid profile email groups';
const UID = /^[A-Za-z0-9_-]{1,64}$/;

export interface DevIdpOptions {
  /** `<public url>/dev-idp`. */
  issuer: string;
  clientSecret: string;
  redirectUris: string[];
  /** Signs the IdP's own cookies. */
  cookieKey: string;
  trustProxy: boolean;
  logger: Logger;
}

/** True when `npm start` should run the development IdP: no real issuer, and not in production. */
export function devIdpEnabled(env: { OIDC_ISSUER?: string | undefined; NODE_ENV: string }): boolean {
  return env.OIDC_ISSUER === undefined && env.NODE_ENV !== 'production';
}

/**
 * The default prompts, plus: log in at every authorization request, even with a live IdP session,
 * so that signing out of the console and in again can switch demo accounts.
 */
function everySignInAsks(policies: typeof InteractionPolicy): InteractionPolicy.DefaultPolicy {
  const policy = policies.base();
  policy
    .get('login')
    ?.checks.add(
      new policies.Check('every_time', 'the development IdP asks for a password at every sign-in', (ctx) =>
        ctx.oidc.result?.login === undefined
          ? policies.Check.REQUEST_PROMPT
          : policies.Check.NO_NEED_TO_PROMPT,
      ),
    );
  return policy;
}

function configuration(
  options: DevIdpOptions,
  storage: DevIdpStorage,
  policy: InteractionPolicy.DefaultPolicy,
): Configuration {
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return {
    adapter: (model: string) => storage.adapterFor(model),
    clients: [
      {
        client_id: DEV_IDP_CLIENT_ID,
        client_secret: options.clientSecret,
        client_name: 'Portcullis console',
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // passport-openidconnect always posts the client secret in the body.
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    scopes: SCOPE.split(' '),
    cookies: { keys: [options.cookieKey] },
    jwks: { keys: [{ ...signingKey, kid: randomUUID(), alg: 'RS256', use: 'sig' }] },
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx, interaction) => `${DEV_IDP_PATH}/interaction/${interaction.uid}` },
    // The console is first-party: no consent screen, its scopes are granted at sign-in.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { Grant } = ctx.oidc.provider;
      const grantId =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
      if (grantId !== undefined) return Grant.find(grantId);
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (accountId === undefined || clientId === undefined) return undefined;
      const grant = new Grant({ accountId, clientId });
      grant.addOIDCScope(SCOPE);
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, sub) => {
      const account = findDevAccount(sub);
      if (account === undefined) return undefined;
      return {
        accountId: account.id,
        claims: () => ({
          sub: account.id,
          email: account.email,
          email_verified: true,
          name: account.name,
          preferred_username: account.id,
          groups: [...account.groups],
        }),
      };
    },
    // Only a confidential client talks to this IdP (PKCE is not sent; docs/decisions/0006).
    pkce: { required: () => false },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Grant: 8 * 3600,
      Session: 8 * 3600,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(`${out.error}: ${out.error_description ?? 'the request cannot be completed'}`);
    },
  };
}

function send(response: Response, status: number, html: string): void {
  response
    .status(status)
    .set({
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    })
    .type('html')
    .send(html);
}

/**
 * The development IdP: a real OpenID Provider (oidc-provider) with the demo accounts, mounted in
 * the control plane at /dev-idp. Its only client is the console; its login form is ours.
 */
export async function createDevIdp(options: DevIdpOptions): Promise<Router> {
  const { Provider: ProviderClass, interactionPolicy } = await import('oidc-provider');
  const provider: Provider = new ProviderClass(
    options.issuer,
    configuration(options, new DevIdpStorage(), everySignInAsks(interactionPolicy)),
  );
  provider.proxy = options.trustProxy;
  provider.on('server_error', (_ctx: unknown, error: unknown) => {
    options.logger.error({ err: error }, 'development IdP error');
  });

  const router = express.Router();
  const interactionUrl = (uid: string): string => `${DEV_IDP_PATH}/interaction/${uid}`;

  const guarded =
    (handler: (req: Request, res: Response, uid: string) => Promise<void>): RequestHandler =>
    (req, res, next: NextFunction) => {
      const uid = req.params.uid;
      if (typeof uid !== 'string' || !UID.test(uid)) {
        send(res, 400, errorPage('This sign-in link is not valid.'));
        return;
      }
      handler(req, res, uid).catch((error: unknown) => {
        if (res.headersSent) {
          next(error);
          return;
        }
        options.logger.info({ err: error }, 'development IdP interaction failed');
        send(res, 400, errorPage('This sign-in has expired or is not valid. Start again from the console.'));
      });
    };

  router.get(
    '/interaction/:uid',
    guarded(async (req, res, uid) => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'consent') {
        // Normally granted at sign-in already (loadExistingGrant): the console is first-party.
        const accountId = details.session?.accountId;
        const clientId = details.params.client_id;
        if (accountId === undefined || typeof clientId !== 'string') throw new Error('no account to grant');
        const grant =
          (details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId)) ??
          new provider.Grant({ accountId, clientId });
        grant.addOIDCScope(SCOPE);
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
        return;
      }
      send(res, 200, loginPage(`${interactionUrl(uid)}/login`, `${interactionUrl(uid)}/abort`));
    }),
  );

  router.post(
    '/interaction/:uid/login',
    express.urlencoded({ extended: false, limit: '8kb' }),
    guarded(async (req, res, uid) => {
      await provider.interactionDetails(req, res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const login = typeof body.login === 'string' ? body.login : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const account = checkDevCredentials(login, password);
      if (account === undefined) {
        send(
          res,
          401,
          loginPage(
            `${interactionUrl(uid)}/login`,
            `${interactionUrl(uid)}/abort`,
            'Unknown user or wrong password.',
            login.slice(0, 100),
          ),
        );
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.id } },
        { mergeWithLastSubmission: false },
      );
    }),
  );

  router.get(
    '/interaction/:uid/abort',
    guarded(async (req, res) => {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The person cancelled the sign-in.' },
        { mergeWithLastSubmission: false },
      );
    }),
  );

  router.use(provider.callback() as RequestHandler);
  return router;
}

/**
 * Holds the place of the development IdP in the middleware chain from before the control plane
 * listens (Nest fixes the order then) until it knows its public URL and can create the IdP.
 */
export class DevIdpMount {
  private router: Router | undefined;

  readonly middleware: RequestHandler = (req, res, next) => {
    if (this.router === undefined) {
      res.status(503).type('text/plain').send('The development IdP is starting.\n');
      return;
    }
    this.router(req, res, next);
  };

  async activate(options: DevIdpOptions): Promise<void> {
    this.router = await createDevIdp(options);
  }
}
