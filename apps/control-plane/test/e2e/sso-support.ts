import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider } from 'oidc-provider';
import { DevIdpStorage } from '../../src/modules/identity/dev-idp/dev-idp.adapter.js';

/**
 * Test helpers for console sign-in: a cookie-keeping HTTP client that follows nothing by itself
 * (like a browser with every redirect inspected), and a real OpenID Provider standing in for Okta.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** One cookie as a Set-Cookie header states it. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...rest] = header.split(';');
  const at = pair.indexOf('=');
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const [key = '', ...value] = part.trim().split('=');
    attributes.set(key.toLowerCase(), value.join('='));
  }
  return { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim(), attributes };
}

/**
 * A cookie jar and a fetch that never follows redirects: what a browser would do, step by step.
 * Cookies are kept per host name (as browsers do, whatever the port) and sent by path.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, StoredCookie[]>();
  /** Every Set-Cookie this browser received, newest last. */
  readonly received: { url: string; cookie: SetCookie }[] = [];

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie !== '') headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) this.store(target, parseSetCookie(header));
    return response;
  }

  /** GET, following redirects while `until` (given the next URL) says to go on. */
  async follow(
    url: string,
    until: (next: URL) => boolean = () => false,
  ): Promise<{ response: Response; url: URL }> {
    let current = new URL(url);
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.fetch(current.href);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null)
        return { response, url: current };
      const next = new URL(location, current);
      if (until(next)) return { response, url: next };
      await response.arrayBuffer();
      current = next;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  cookie(host: string, name: string): string | undefined {
    return this.cookies.get(host)?.find((c) => c.name === name)?.value;
  }

  setCookie(host: string, name: string, value: string): void {
    const jar = (this.cookies.get(host) ?? []).filter((c) => c.name !== name);
    jar.push({ name, value, path: '/' });
    this.cookies.set(host, jar);
  }

  private cookieHeader(url: URL): string {
    return (this.cookies.get(url.hostname) ?? [])
      .filter((c) => url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(url: URL, cookie: SetCookie): void {
    this.received.push({ url: url.href, cookie });
    const path = cookie.attributes.get('path') ?? '/';
    const expires = cookie.attributes.get('expires');
    const maxAge = cookie.attributes.get('max-age');
    const gone =
      (maxAge !== undefined && Number(maxAge) <= 0) ||
      (expires !== undefined && new Date(expires).getTime() <= Date.now());
    const jar = (this.cookies.get(url.hostname) ?? []).filter(
      (c) => !(c.name === cookie.name && c.path === path),
    );
    if (!gone) jar.push({ name: cookie.name, value: cookie.value, path });
    this.cookies.set(url.hostname, jar);
  }
}

/** A person of the stand-in IdP. */
export interface TestAccount {
  id: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Makes the IdP answer userinfo with a signed JWT (application/jwt) rather than JSON. */
  signedUserinfo?: boolean;
}

/**
 * A real OpenID Provider (oidc-provider) on a random port, standing in for Okta: an authorization
 * server with its own users and groups, a login step and a consent step. Its interaction pages are
 * plain text (`prompt=login` or `prompt=consent`), driven by posting to `/interaction/<uid>/login`
 * (field `login`) and `/interaction/<uid>/confirm`.
 */
export class TestIdp {
  private provider: Provider | undefined;
  private readonly storage = new DevIdpStorage();
  private readonly accounts = new Map<string, TestAccount>();

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
  ) {}

  static async start(): Promise<TestIdp> {
    const started: { idp?: TestIdp } = {};
    const server = createServer((req, res) => {
      const { idp } = started;
      if (idp === undefined) {
        res.writeHead(503).end();
        return;
      }
      idp.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const idp = new TestIdp(server, `http://127.0.0.1:${port}/oauth2/test`);
    await idp.create();
    started.idp = idp;
    return idp;
  }

  addAccount(account: TestAccount): void {
    this.accounts.set(account.id, account);
  }

  /** Registers a client (confidential, secret posted in the body as passport-openidconnect does). */
  async addClient(client: TestClient): Promise<void> {
    await this.storage.adapterFor('Client').upsert(client.clientId, {
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      ...(client.signedUserinfo === true ? { userinfo_signed_response_alg: 'RS256' } : {}),
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private async create(): Promise<void> {
    const { Provider: ProviderClass } = await import('oidc-provider');
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    this.provider = new ProviderClass(this.issuer, {
      adapter: (model: string) => this.storage.adapterFor(model),
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name'],
        groups: ['groups'],
      },
      scopes: ['openid', 'profile', 'email', 'groups'],
      cookies: { keys: ['test-idp-cookie-key'] },
      jwks: { keys: [{ ...key, kid: randomUUID(), alg: 'RS256', use: 'sig' }] },
      features: { devInteractions: { enabled: false }, jwtUserinfo: { enabled: true } },
      interactions: { url: (_ctx, interaction) => `/oauth2/test/interaction/${interaction.uid}` },
      pkce: { required: () => false },
      ttl: {
        AuthorizationCode: 60,
        AccessToken: 600,
        IdToken: 600,
        Interaction: 600,
        Grant: 8 * 3600,
        Session: 8 * 3600,
      },
      findAccount: (_ctx, sub) => {
        const account = this.accounts.get(sub);
        if (account === undefined) return undefined;
        return {
          accountId: sub,
          claims: () => ({
            sub,
            ...(account.email === undefined
              ? {}
              : { email: account.email, email_verified: account.emailVerified ?? true }),
            ...(account.name === undefined ? {} : { name: account.name }),
            groups: account.groups ?? [],
          }),
        };
      },
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const provider = this.provider;
    if (provider === undefined) throw new Error('not started');
    const url = new URL(req.url ?? '/', this.issuer);
    const match = /^\/oauth2\/test\/interaction\/([\w-]+)(?:\/(login|confirm))?$/.exec(url.pathname);
    if (match === null) {
      // Mounted under the issuer's path, as Express would mount it (oidc-provider reads originalUrl).
      const prefix = new URL(this.issuer).pathname;
      if (!url.pathname.startsWith(prefix)) {
        res.writeHead(404).end();
        return;
      }
      const original = req.url ?? '/';
      Object.assign(req, { originalUrl: original });
      req.url = original.slice(prefix.length) || '/';
      await provider.callback()(req, res);
      return;
    }
    const details = await provider.interactionDetails(req, res);
    const action = match[2];
    if (action === undefined) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`prompt=${details.prompt.name}`);
      return;
    }
    if (action === 'login') {
      const body = new URLSearchParams(await readBody(req));
      const accountId = body.get('login') ?? '';
      if (!this.accounts.has(accountId)) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('unknown account');
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const accountId = details.session?.accountId;
    const clientId = details.params.client_id;
    if (accountId === undefined || typeof clientId !== 'string') throw new Error('consent without login');
    const grant = new provider.Grant({ accountId, clientId });
    grant.addOIDCScope(typeof details.params.scope === 'string' ? details.params.scope : 'openid');
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Starts a sign-in at `loginUrl` and drives the stand-in IdP as `accountId` up to the callback. */
export async function authorizeAt(
  browser: TestBrowser,
  controlPlaneUrl: string,
  loginUrl: string,
  accountId: string,
): Promise<URL> {
  const start = await browser.fetch(`${controlPlaneUrl}${loginUrl}`);
  const authorize = start.headers.get('location');
  if (start.status !== 302 || authorize === null) {
    throw new Error(`sign-in did not start: ${start.status} ${authorize ?? ''}`);
  }
  return driveIdp(browser, controlPlaneUrl, authorize, accountId);
}

/** From an authorization URL, logs in and consents at the stand-in IdP; answers the callback URL. */
export async function driveIdp(
  browser: TestBrowser,
  controlPlaneUrl: string,
  authorizeUrl: string,
  accountId: string,
): Promise<URL> {
  const isCallback = (next: URL): boolean => next.href.startsWith(`${controlPlaneUrl}/auth/callback/`);
  let { response, url } = await browser.follow(authorizeUrl, isCallback);
  for (let step = 0; step < 4 && !isCallback(url); step++) {
    const prompt = await response.text();
    const action = prompt === 'prompt=login' ? 'login' : prompt === 'prompt=consent' ? 'confirm' : undefined;
    if (action === undefined)
      throw new Error(`unexpected IdP page at ${url.href}: ${response.status} ${prompt}`);
    const submitted = await browser.fetch(`${url.href}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: accountId }).toString(),
    });
    const location = submitted.headers.get('location');
    if (location === null)
      throw new Error(`the IdP refused ${action}: ${submitted.status} ${await submitted.text()}`);
    ({ response, url } = await browser.follow(new URL(location, url).href, isCallback));
  }
  if (!isCallback(url)) throw new Error(`never reached the callback (last: ${url.href})`);
  return url;
}
