import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createTenant, type TestTenant } from '../support/people.js';
import { authorizeAt, driveIdp, parseSetCookie, TestBrowser, TestIdp } from './sso-support.js';

// Console sign-in end to end: a real OpenID Provider (oidc-provider) stands in for Okta, and a
// cookie-keeping client walks the browser's redirects through it. Tenants, groups and e-mails
// carry a run-unique suffix: other files use the same database at the same time.

const run = randomBytes(3).toString('hex');
const SESSION_COOKIE = 'portcullis.sid';
const platformClient = { clientId: `portcullis-${run}`, clientSecret: randomBytes(24).toString('base64url') };
const ADMINS = `okta-admins-${run}`;

let idp: TestIdp;
let cp: TestControlPlane;
let host: string;

interface Me {
  subject: string;
  via: string;
  roles: string[];
  globalRoles: string[];
  tenants: { id: string; roles: string[] }[];
}

interface IdentityProvider {
  id: string;
  redirectUri: string;
  loginUrl: string;
}

beforeAll(async () => {
  idp = await TestIdp.start();
  cp = await startTestControlPlane({
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: platformClient.clientId,
    OIDC_CLIENT_SECRET: platformClient.clientSecret,
  });
  host = new URL(cp.url).hostname;
  await idp.addClient({ ...platformClient, redirectUris: [`${cp.url}/auth/callback/platform`] });
  idp.addAccount({
    id: 'olivia',
    email: `olivia-${run}@okta.test`,
    name: 'Olivia Okta',
    groups: [ADMINS, 'Everyone'],
  });
  idp.addAccount({ id: 'nora', email: `nora-${run}@okta.test`, groups: ['Everyone'] });
  await binding({ role: 'platform-admin', subjectType: 'idp-group', subjectName: ADMINS });
});

afterAll(async () => {
  await cp.close();
  await idp.close();
});

async function ok<T>(response: Response, status = 201): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function binding(body: Record<string, unknown>): Promise<void> {
  await ok(await cp.request('/api/v1/role-bindings', { method: 'POST', json: body }));
}

/** A tenant trusting the stand-in IdP, with a client registered for its callback URL. */
async function tenantWithIdp(
  prefix: string,
  settings: { jitProvisioning?: boolean } = {},
  client: { signedUserinfo?: boolean } = {},
): Promise<{ tenant: TestTenant; provider: IdentityProvider }> {
  const tenant = await createTenant(cp, prefix);
  if (settings.jitProvisioning !== undefined) {
    await ok(await cp.request(`/api/v1/tenants/${tenant.id}`, { method: 'PUT', json: { settings } }), 200);
  }
  const clientId = `tenant-${tenant.slug}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = await ok<IdentityProvider>(
    await cp.request('/api/v1/identity-providers', {
      method: 'POST',
      json: { tenantId: tenant.id, issuer: idp.issuer, clientId, clientSecret },
    }),
  );
  await idp.addClient({ clientId, clientSecret, redirectUris: [provider.redirectUri], ...client });
  return { tenant, provider };
}

/** Signs in at `loginUrl` as `accountId`: the control plane's answer to the callback. */
async function signIn(browser: TestBrowser, loginUrl: string, accountId: string): Promise<Response> {
  const callback = await authorizeAt(browser, cp.url, loginUrl, accountId);
  return browser.fetch(callback.href);
}

function loginError(response: Response): string | null {
  expect(response.status).toBe(302);
  const location = response.headers.get('location') ?? '';
  expect(location).toMatch(/^\/#\/login\?error=[a-z-]+$/);
  return new URLSearchParams(location.slice(location.indexOf('?'))).get('error');
}

function me(browser: TestBrowser, init: RequestInit = {}): Promise<Response> {
  return browser.fetch(`${cp.url}/api/v1/me`, init);
}

async function auditEvents(filter: Record<string, unknown>): Promise<{ actorId: string; after: unknown }[]> {
  const query = encodeURIComponent(JSON.stringify(filter));
  return ok(await cp.request(`/api/v1/audit?filter=${query}`), 200);
}

describe('console sign-in through an OpenID Connect issuer', () => {
  it('signs a platform admin in with roles from the groups claim, on a new session id', async () => {
    const browser = new TestBrowser();
    const callback = await authorizeAt(browser, cp.url, '/auth/login', 'olivia');
    const preLogin = browser.cookie(host, SESSION_COOKIE);
    expect(preLogin).toBeDefined();
    expect(callback.pathname).toBe('/auth/callback/platform');
    expect(callback.searchParams.get('state')).toBeTruthy();

    const answer = await browser.fetch(callback.href);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/#/');
    const setCookie = answer.headers
      .getSetCookie()
      .map(parseSetCookie)
      .find((c) => c.name === SESSION_COOKIE);
    expect(setCookie).toBeDefined();
    expect(setCookie?.attributes.get('path')).toBe('/');
    expect(setCookie?.attributes.has('httponly')).toBe(true);
    expect(setCookie?.attributes.get('samesite')).toBe('Lax');
    expect(setCookie?.attributes.has('secure')).toBe(false); // plain http, no trusted proxy
    const expires = new Date(setCookie?.attributes.get('expires') ?? 0).getTime();
    expect(Math.abs(expires - (Date.now() + 8 * 3600_000))).toBeLessThan(60_000);
    // Rotated at sign-in: the pre-login session id is worth nothing now.
    const postLogin = browser.cookie(host, SESSION_COOKIE);
    expect(postLogin).toBeDefined();
    expect(postLogin).not.toBe(preLogin);

    const identity = await ok<Me>(await me(browser), 200);
    expect(identity).toMatchObject({
      via: 'session',
      roles: ['platform-admin'],
      globalRoles: ['platform-admin'],
    });

    const planted = new TestBrowser();
    planted.setCookie(host, SESSION_COOKIE, preLogin ?? '');
    expect((await me(planted)).status).toBe(401);

    const sid = decodeURIComponent(postLogin ?? '')
      .slice(2)
      .split('.')[0];
    const [row] = await cp.app
      .get(DataSource)
      .query<{ expires_at: Date; data: { auth: unknown } }[]>(
        'SELECT expires_at, data FROM sessions WHERE sid = $1',
        [sid],
      );
    expect(Math.abs((row?.expires_at.getTime() ?? 0) - (Date.now() + 8 * 3600_000))).toBeLessThan(60_000);
    expect(row?.data.auth).toEqual({
      userId: identity.subject,
      idpGroups: [ADMINS, 'Everyone'].sort(),
      providerId: 'platform',
    });

    const events = await auditEvents({ action: 'auth.sign-in', actorId: identity.subject });
    expect(events).toHaveLength(1);
  });

  it('refuses a forged state', async () => {
    const browser = new TestBrowser();
    const callback = await authorizeAt(browser, cp.url, '/auth/login', 'olivia');
    callback.searchParams.set('state', 'forged-state-value');
    expect(loginError(await browser.fetch(callback.href))).toBe('state-mismatch');
    expect((await me(browser)).status).toBe(401);
  });

  it('refuses a replayed authorization code', async () => {
    const browser = new TestBrowser();
    const callback = await authorizeAt(browser, cp.url, '/auth/login', 'olivia');
    expect((await browser.fetch(callback.href)).headers.get('location')).toBe('/#/');

    // A new sign-in in the same browser gives a valid state; the old code goes with it.
    const fresh = await browser.fetch(`${cp.url}/auth/login`);
    const state = new URL(fresh.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const replay = new URL(callback);
    replay.searchParams.set('state', state);
    expect(loginError(await browser.fetch(replay.href))).toBe('code-rejected');
  });

  it('refuses an ID token whose nonce belongs to another sign-in', async () => {
    const a = new TestBrowser();
    const b = new TestBrowser();
    const startA = await a.fetch(`${cp.url}/auth/login`);
    const startB = await b.fetch(`${cp.url}/auth/login`);
    const authorizeA = startA.headers.get('location') ?? '';
    const stateB = new URL(startB.headers.get('location') ?? '').searchParams.get('state') ?? '';
    expect(new URL(authorizeA).searchParams.get('nonce')).toBeTruthy();

    // A's code (its ID token carries A's nonce) presented with B's state, in B's session.
    const callbackA = await driveIdp(a, cp.url, authorizeA, 'olivia');
    callbackA.searchParams.set('state', stateB);
    expect(loginError(await b.fetch(callbackA.href))).toBe('nonce-mismatch');
    expect((await me(b)).status).toBe(401);
  });

  it('refuses a platform sign-in that no global binding gives a role, creating no account', async () => {
    const browser = new TestBrowser();
    expect(loginError(await signIn(browser, '/auth/login', 'nora'))).toBe('no-role');
    const rows = await cp.app
      .get(DataSource)
      .query<unknown[]>('SELECT id FROM directory_users WHERE oidc_issuer = $1 AND oidc_subject = $2', [
        idp.issuer,
        'nora',
      ]);
    expect(rows).toEqual([]);
  });

  it('refuses an unknown person at a tenant without just-in-time provisioning, and audits why', async () => {
    const { tenant, provider } = await tenantWithIdp('sso-nojit');
    idp.addAccount({ id: `stranger-${run}`, email: `stranger-${run}@corp.test`, groups: [] });
    const browser = new TestBrowser();
    expect(loginError(await signIn(browser, provider.loginUrl, `stranger-${run}`))).toBe('unknown-user');

    const [event] = await auditEvents({ action: 'auth.sign-in.failed', tenantId: tenant.id });
    const after = event?.after as { code?: unknown; reason?: unknown } | undefined;
    expect(after?.code).toBe('unknown-user');
    expect(String(after?.reason)).toMatch(/jitProvisioning is off/);
  });

  it('creates the person at first sign-in when the tenant enables just-in-time provisioning', async () => {
    const { tenant, provider } = await tenantWithIdp('sso-jit', { jitProvisioning: true });
    const developers = `developers-${run}`;
    await binding({
      tenantId: tenant.id,
      role: 'developer',
      subjectType: 'idp-group',
      subjectName: developers,
    });
    idp.addAccount({
      id: `june-${run}`,
      email: `june-${run}@corp.test`,
      name: 'June Jit',
      groups: [developers],
    });

    const browser = new TestBrowser();
    expect((await signIn(browser, provider.loginUrl, `june-${run}`)).headers.get('location')).toBe('/#/');
    const identity = await ok<Me>(await me(browser), 200);
    expect(identity.tenants).toEqual([expect.objectContaining({ id: tenant.id, roles: ['developer'] })]);

    const filter = encodeURIComponent(JSON.stringify({ tenantId: tenant.id }));
    const users = await ok<{ id: string; userName: string; source: string; email: string }[]>(
      await cp.request(`/api/v1/users?filter=${filter}`),
      200,
    );
    expect(users).toEqual([
      expect.objectContaining({
        id: identity.subject,
        source: 'oidc-jit',
        userName: `june-${run}@corp.test`,
      }),
    ]);

    // The second sign-in finds the same person.
    const again = new TestBrowser();
    await signIn(again, provider.loginUrl, `june-${run}`);
    expect((await ok<Me>(await me(again), 200)).subject).toBe(identity.subject);
  });

  it('links a directory user by verified e-mail, never by an unverified one', async () => {
    const { tenant, provider } = await tenantWithIdp('sso-link');
    const local = await ok<{ id: string }>(
      await cp.request('/api/v1/users', {
        method: 'POST',
        json: { tenantId: tenant.id, userName: `linda-${run}`, email: `Linda-${run}@corp.test` },
      }),
    );
    await binding({ tenantId: tenant.id, role: 'auditor', subjectType: 'user', subjectId: local.id });
    await ok(
      await cp.request('/api/v1/users', {
        method: 'POST',
        json: { tenantId: tenant.id, userName: `mallory-${run}`, email: `mallory-${run}@corp.test` },
      }),
    );
    idp.addAccount({ id: `linda-${run}`, email: `linda-${run}@corp.test`, emailVerified: true });
    idp.addAccount({ id: `mallory-${run}`, email: `mallory-${run}@corp.test`, emailVerified: false });

    const linda = new TestBrowser();
    expect((await signIn(linda, provider.loginUrl, `linda-${run}`)).headers.get('location')).toBe('/#/');
    const identity = await ok<Me>(await me(linda), 200);
    expect(identity.subject).toBe(local.id);
    expect(identity.tenants).toEqual([expect.objectContaining({ id: tenant.id, roles: ['auditor'] })]);

    const mallory = new TestBrowser();
    expect(loginError(await signIn(mallory, provider.loginUrl, `mallory-${run}`))).toBe('unknown-user');
  });

  it('refuses an inactive user, and ends the session of one deactivated after sign-in', async () => {
    const { tenant, provider } = await tenantWithIdp('sso-leaver', { jitProvisioning: true });
    const owners = `owners-${run}`;
    await binding({
      tenantId: tenant.id,
      role: 'tenant-owner',
      subjectType: 'idp-group',
      subjectName: owners,
    });
    idp.addAccount({ id: `leo-${run}`, email: `leo-${run}@corp.test`, groups: [owners] });

    const browser = new TestBrowser();
    await signIn(browser, provider.loginUrl, `leo-${run}`);
    const identity = await ok<Me>(await me(browser), 200);
    await ok(
      await cp.request(`/api/v1/users/${identity.subject}`, { method: 'PUT', json: { active: false } }),
      200,
    );
    const refused = await me(browser);
    expect(refused.status).toBe(401);
    const sid = decodeURIComponent(browser.cookie(host, SESSION_COOKIE) ?? '')
      .slice(2)
      .split('.')[0];
    expect(await cp.app.get(DataSource).query('SELECT sid FROM sessions WHERE sid = $1', [sid])).toEqual([]);
    expect((await me(browser)).status).toBe(401);

    expect(loginError(await signIn(new TestBrowser(), provider.loginUrl, `leo-${run}`))).toBe(
      'inactive-user',
    );
  });

  it('ends the session at logout, asked from the console’s own origin only', async () => {
    const browser = new TestBrowser();
    await signIn(browser, '/auth/login', 'olivia');
    expect((await me(browser)).status).toBe(200);

    const foreign = await browser.fetch(`${cp.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await me(browser)).status).toBe(200);

    const logout = await browser.fetch(`${cp.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: cp.url },
    });
    expect(logout.status).toBe(204);
    expect((await me(browser)).status).toBe(401);
  });

  it('refuses cookie-authenticated changes from another origin or from no origin', async () => {
    const browser = new TestBrowser();
    await signIn(browser, '/auth/login', 'olivia');
    const create = (headers: Record<string, string>) =>
      browser.fetch(`${cp.url}/api/v1/tenants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ slug: `csrf-${randomBytes(4).toString('hex')}`, name: 'Cross-site' }),
      });
    expect((await create({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await create({ referer: 'https://evil.example/page' })).status).toBe(403);
    expect((await create({})).status).toBe(403);
    expect((await create({ origin: cp.url })).status).toBe(201);
    // Reading is not a change: no origin needed.
    expect((await me(browser)).status).toBe(200);
  });

  it('ends a session at its absolute expiry', async () => {
    const browser = new TestBrowser();
    await signIn(browser, '/auth/login', 'olivia');
    expect((await me(browser)).status).toBe(200);
    const sid = decodeURIComponent(browser.cookie(host, SESSION_COOKIE) ?? '')
      .slice(2)
      .split('.')[0];
    await cp.app
      .get(DataSource)
      .query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE sid = $1`, [sid]);
    expect((await me(browser)).status).toBe(401);
  });

  it('survives an issuer whose userinfo response is not JSON', async () => {
    const { provider } = await tenantWithIdp(
      'sso-jwtui',
      { jitProvisioning: true },
      { signedUserinfo: true },
    );
    idp.addAccount({ id: `jay-${run}`, email: `jay-${run}@corp.test`, groups: [] });
    expect(loginError(await signIn(new TestBrowser(), provider.loginUrl, `jay-${run}`))).toBe('idp-error');
    expect((await cp.request('/healthz', { token: null })).status).toBe(200);
  });

  it('lists the ways to sign in for the login page', async () => {
    const { tenant, provider } = await tenantWithIdp('sso-list');
    const options = await ok<{ id: string; name: string; tenantSlug: string | null; loginUrl: string }[]>(
      await cp.request('/auth/providers', { token: null }),
      200,
    );
    expect(options[0]).toEqual({
      id: 'platform',
      name: new URL(idp.issuer).host,
      tenantSlug: null,
      loginUrl: '/auth/login',
    });
    expect(options).toContainEqual({
      id: provider.id,
      name: `Tenant ${tenant.slug}`,
      tenantSlug: tenant.slug,
      loginUrl: `/auth/login?tenant=${tenant.slug}`,
    });
  });

  it('sends an unknown tenant back to the login page', async () => {
    const answer = await new TestBrowser().fetch(`${cp.url}/auth/login?tenant=no-such-tenant-${run}`);
    expect(loginError(answer)).toBe('unknown-provider');
    expect(
      loginError(await new TestBrowser().fetch(`${cp.url}/auth/callback/not-a-provider?code=x&state=y`)),
    ).toBe('unknown-provider');
  });

  it('does not run the development IdP when OIDC_ISSUER is set', async () => {
    const discovery = await cp.request('/dev-idp/.well-known/openid-configuration', { token: null });
    expect(discovery.status).toBe(404);
  });
});
