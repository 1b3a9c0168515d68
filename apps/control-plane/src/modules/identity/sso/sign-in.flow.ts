import { Inject, Injectable, Optional } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Passport } from 'passport';
import type { Logger } from 'pino';
import { AUDIT_TRAIL, type AuditTrail } from '../../../platform/audit/audit-trail.js';
import { LOGGER } from '../../../platform/logging/logger.token.js';
import { DirectoryRepository } from '../directory.repository.js';
import { destroySession, regenerateSession, saveSession, SESSION_COOKIE } from './console-session.js';
import { OidcDiscovery } from './oidc-discovery.js';
import { OidcStrategy, type SignedInUser } from './oidc.strategy.js';
import { isSameOrigin } from './same-origin.js';
import { SignInError, SignInErrorCode, type SignInRefusal } from './sign-in.errors.js';
import { SsoAccountsService } from './sso-accounts.service.js';
import { SsoProviders, type ResolvedProvider } from './sso-providers.js';
import { SsoRuntime } from './sso-runtime.js';

/** Where the console shows a failed sign-in; the code is one of SignInErrorCode. */
const failureLocation = (code: SignInErrorCode): string => `/#/login?error=${code}`;
const SUCCESS_LOCATION = '/#/';

/** What passport-openidconnect's `fail(...)` passes on. */
interface FailureInfo {
  message?: unknown;
  code?: unknown;
  reason?: unknown;
  userId?: unknown;
}

function isSignedInUser(value: unknown): value is SignedInUser {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SignedInUser).userId === 'string' &&
    typeof (value as SignedInUser).providerId === 'string' &&
    Array.isArray((value as SignedInUser).idpGroups)
  );
}

function isSignInErrorCode(value: unknown): value is SignInErrorCode {
  return Object.values(SignInErrorCode).includes(value as SignInErrorCode);
}

function queryText(request: Request, name: string): string | undefined {
  const value: unknown = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Classifies what passport reported for a callback that did not end in a signed-in user. */
export function refusalOf(request: Request, error: unknown, info: unknown): SignInRefusal {
  if (error instanceof SignInError) return { code: error.code, reason: error.reason };
  if (error instanceof Error) {
    const detail = (error as Error & { code?: unknown }).code;
    switch (error.name) {
      case 'TokenError':
        return {
          code: detail === 'invalid_grant' ? SignInErrorCode.CODE_REJECTED : SignInErrorCode.IDP_ERROR,
          reason: `the token endpoint refused the code: ${String(detail)} ${error.message}`.trim(),
        };
      case 'AuthorizationError':
        return {
          code: SignInErrorCode.IDP_ERROR,
          reason: `the issuer returned ${String(detail)}: ${error.message}`,
        };
      case 'InternalOAuthError': {
        // An HTTP status means the issuer answered, badly; none means it could not be reached.
        const inner = (error as Error & { oauthError?: { statusCode?: unknown; message?: unknown } })
          .oauthError;
        const status = inner?.statusCode;
        return typeof status === 'number'
          ? { code: SignInErrorCode.IDP_ERROR, reason: `${error.message} (HTTP ${status})` }
          : {
              code: SignInErrorCode.IDP_UNAVAILABLE,
              reason: `${error.message}${typeof inner?.message === 'string' ? `: ${inner.message}` : ''}`,
            };
      }
      default:
        return { code: SignInErrorCode.INTERNAL, reason: error.message };
    }
  }
  const failure: FailureInfo = typeof info === 'object' && info !== null ? info : {};
  if (isSignInErrorCode(failure.code)) {
    return {
      code: failure.code,
      reason: typeof failure.reason === 'string' ? failure.reason : failure.code,
      ...(typeof failure.userId === 'string' ? { userId: failure.userId } : {}),
    };
  }
  const message = typeof failure.message === 'string' ? failure.message : 'sign-in failed';
  if (queryText(request, 'error') === 'access_denied') {
    return { code: SignInErrorCode.ACCESS_DENIED, reason: `the issuer denied access: ${message}` };
  }
  if (/state/i.test(message)) return { code: SignInErrorCode.STATE_MISMATCH, reason: message };
  if (/nonce/i.test(message)) return { code: SignInErrorCode.NONCE_MISMATCH, reason: message };
  return { code: SignInErrorCode.TOKEN_INVALID, reason: message };
}

/**
 * The console's sign-in through OpenID Connect: starts the authorization-code flow at the right
 * issuer, completes it at the callback (state, nonce and code checked by passport-openidconnect),
 * and turns the person identity accepts into a fresh session. Every completed or failed sign-in,
 * and every sign-out, is audited.
 */
@Injectable()
export class SignInFlow {
  private readonly passport = new Passport();
  private readonly discovery = new OidcDiscovery();
  private readonly strategies = new Map<string, { version: string; strategy: OidcStrategy }>();

  constructor(
    private readonly providers: SsoProviders,
    private readonly accounts: SsoAccountsService,
    private readonly directory: DirectoryRepository,
    private readonly runtime: SsoRuntime,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(AUDIT_TRAIL) private readonly audit?: AuditTrail,
  ) {}

  /** GET /auth/login: redirects to the issuer (or back to the login page saying why not). */
  async begin(request: Request, response: Response, tenantSlug: string | undefined): Promise<void> {
    const { publicUrl, publicUrlConfigured } = this.runtime.current;
    // The session cookie must live on the origin the issuer sends the browser back to.
    const canonical = new URL(publicUrl);
    if (!publicUrlConfigured && request.get('host') !== canonical.host) {
      response.redirect(302, `${publicUrl}${request.originalUrl}`);
      return;
    }
    let strategy: OidcStrategy;
    try {
      strategy = await this.strategyFor(await this.providers.forLogin(tenantSlug));
    } catch (error) {
      const refusal = refusalOf(request, error, undefined);
      this.logger.warn(
        { tenant: tenantSlug, code: refusal.code, reason: refusal.reason },
        'sign-in cannot start',
      );
      response.redirect(302, failureLocation(refusal.code));
      return;
    }
    await this.runPassport(strategy, request, response, (error, user, info) => {
      // Starting never yields a user; anything but the redirect is a failure to start.
      const refusal = refusalOf(request, error, user === false ? info : undefined);
      this.logger.warn(
        { tenant: tenantSlug, code: refusal.code, reason: refusal.reason },
        'sign-in cannot start',
      );
      response.redirect(302, failureLocation(refusal.code));
      return Promise.resolve();
    });
  }

  /** GET /auth/callback/:providerId: where the issuer sends the browser back with a code. */
  async complete(request: Request, response: Response, providerId: string): Promise<void> {
    let provider: ResolvedProvider;
    let strategy: OidcStrategy;
    try {
      provider = await this.providers.byId(providerId);
      strategy = await this.strategyFor(provider);
    } catch (error) {
      const refusal = refusalOf(request, error, undefined);
      await this.failed(null, providerId, refusal);
      response.redirect(302, failureLocation(refusal.code));
      return;
    }
    await this.runPassport(strategy, request, response, async (error, user, info) => {
      if (error === null && isSignedInUser(user)) {
        await this.signedIn(request, provider, user);
        response.redirect(302, SUCCESS_LOCATION);
        return;
      }
      const refusal = refusalOf(request, error, info);
      if (refusal.code === SignInErrorCode.INTERNAL) {
        this.logger.error({ err: error, provider: provider.id }, 'sign-in failed unexpectedly');
      }
      await this.failed(provider.tenantId, provider.id, refusal);
      response.redirect(302, failureLocation(refusal.code));
    });
  }

  /** POST /auth/logout: ends the session (from the console's own pages only). */
  async signOut(request: Request, response: Response): Promise<void> {
    const { publicUrl, publicUrlConfigured } = this.runtime.current;
    if (!isSameOrigin(request, publicUrl, publicUrlConfigured)) {
      response.status(403).json({
        error: {
          code: 'FORBIDDEN',
          message: 'Cross-origin request refused: sign out from the console',
          requestId: String(response.getHeader('x-request-id') ?? ''),
        },
      });
      return;
    }
    const auth = request.session.auth;
    await destroySession(request);
    response.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
    if (auth !== undefined) {
      const user = await this.directory.findUserById(auth.userId);
      await this.audit?.record({
        action: 'auth.sign-out',
        tenantId: user?.tenantId ?? null,
        targetType: 'user',
        targetId: auth.userId,
        actor: { type: 'user', id: auth.userId, ...(user ? { display: user.userName } : {}) },
      });
    }
    response.status(204).end();
  }

  private async signedIn(request: Request, provider: ResolvedProvider, user: SignedInUser): Promise<void> {
    // A new session id at sign-in: a session id planted before sign-in (fixation) is worth nothing.
    await regenerateSession(request);
    request.session.auth = { userId: user.userId, idpGroups: user.idpGroups, providerId: user.providerId };
    await saveSession(request);
    const account = await this.directory.findUserById(user.userId);
    this.logger.info({ userId: user.userId, provider: provider.id }, 'console sign-in');
    await this.audit?.record({
      action: 'auth.sign-in',
      tenantId: account?.tenantId ?? provider.tenantId,
      targetType: 'user',
      targetId: user.userId,
      actor: { type: 'user', id: user.userId, ...(account ? { display: account.userName } : {}) },
      after: { providerId: provider.id, issuer: provider.issuer, idpGroups: user.idpGroups },
    });
  }

  private async failed(tenantId: string | null, providerId: string, refusal: SignInRefusal): Promise<void> {
    this.logger.info(
      { provider: providerId, code: refusal.code, reason: refusal.reason },
      'console sign-in refused',
    );
    await this.audit?.record({
      action: 'auth.sign-in.failed',
      tenantId,
      targetType: refusal.userId === undefined ? 'identity-provider' : 'user',
      targetId: refusal.userId ?? providerId,
      actor:
        refusal.userId === undefined
          ? { type: 'system', id: 'sign-in', display: 'console sign-in' }
          : { type: 'user', id: refusal.userId },
      after: { providerId, code: refusal.code, reason: refusal.reason },
    });
  }

  private async strategyFor(provider: ResolvedProvider): Promise<OidcStrategy> {
    const cached = this.strategies.get(provider.id);
    if (cached?.version === provider.version) return cached.strategy;
    const endpoints = await this.discovery.endpoints(provider.issuer);
    const strategy = new OidcStrategy(
      {
        providerId: provider.id,
        endpoints,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        callbackUrl: this.runtime.callbackUrl(provider.id),
        groupsClaim: provider.groupsClaim,
      },
      (profile) => this.accounts.accept(provider, profile),
    );
    this.strategies.set(provider.id, { version: provider.version, strategy });
    return strategy;
  }

  /**
   * Runs the strategy on this request. It either answers by itself (the redirect to the issuer)
   * or reports through `done`, whose promise this waits for.
   */
  private runPassport(
    strategy: OidcStrategy,
    request: Request,
    response: Response,
    done: (error: unknown, user: unknown, info: unknown) => Promise<void>,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      response.once('finish', () => {
        resolve();
      });
      const next: NextFunction = (error?: unknown) => {
        if (error) reject(error instanceof Error ? error : new Error('sign-in middleware failed'));
        else resolve();
      };
      const authenticate = this.passport.authenticate(
        strategy,
        { session: false },
        (error: unknown, user: unknown, info: unknown) => {
          done(error ?? null, user, info).then(resolve, reject);
        },
      ) as (req: Request, res: Response, next: NextFunction) => void;
      authenticate(request, response, next);
    });
  }
}
