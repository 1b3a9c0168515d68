import { createTestDatabase, type TestDatabase } from '@portcullis/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { parseSetCookie, TestBrowser } from './sso-support.js';

// The development IdP: mounted at /dev-idp when no OIDC_ISSUER is set outside production, with the
// README's demo accounts and the acme demo tenant. Its own database, so that the demo data it
// seeds (tenant acme, the demo bindings) is this file's alone.

let database: TestDatabase;
let cp: TestControlPlane;

interface Me {
  subject: string;
  via: string;
  roles: string[];
  globalRoles: string[];
  tenants: { slug: string; roles: string[] }[];
}

beforeAll(async () => {
  const server = new URL(inject('databaseUrl'));
  server.pathname = '/postgres';
  database = await createTestDatabase(server.toString());
  cp = await startTestControlPlane({ DATABASE_URL: database.url, NODE_ENV: 'development' });
});

afterAll(async () => {
  await cp.close();
  await database.drop();
});

/** Signs in through the development IdP's own login form, as a person would. */
async function signIn(
  browser: TestBrowser,
  controlPlane: TestControlPlane,
  loginUrl: string,
  login: string,
  password = 'portcullis',
): Promise<Response> {
  const isCallback = (next: URL): boolean => next.pathname.startsWith('/auth/callback/');
  const { response: form, url } = await browser.follow(`${controlPlane.url}${loginUrl}`, isCallback);
  expect(url.pathname).toMatch(/^\/dev-idp\/interaction\/[\w-]+$/);
  const html = await form.text();
  expect(html).toContain('Development IdP');
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
  const submitted = await browser.fetch(new URL(action, url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password }).toString(),
  });
  const location = submitted.headers.get('location');
  if (location === null) return submitted;
  const { url: callback } = await browser.follow(new URL(location, url).href, isCallback);
  expect(isCallback(callback)).toBe(true);
  return browser.fetch(callback.href);
}

async function me(browser: TestBrowser, controlPlane: TestControlPlane): Promise<Me> {
  const response = await browser.fetch(`${controlPlane.url}/api/v1/me`);
  expect(response.status).toBe(200);
  return (await response.json()) as Me;
}

async function count(sql: string): Promise<number> {
  const [row] = await cp.app.get(DataSource).query<{ n: string }[]>(sql);
  return Number(row?.n);
}

describe('development IdP', () => {
  it('is mounted at /dev-idp as a real OpenID Provider', async () => {
    const discovery = await cp.request('/dev-idp/.well-known/openid-configuration', { token: null });
    expect(discovery.status).toBe(200);
    const document = (await discovery.json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      issuer: `${cp.url}/dev-idp`,
      authorization_endpoint: `${cp.url}/dev-idp/auth`,
      token_endpoint: `${cp.url}/dev-idp/token`,
    });
    expect(document.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile', 'groups']),
    );

    const options = await cp.request('/auth/providers', { token: null });
    expect(await options.json()).toEqual([
      { id: 'platform', name: 'Development IdP', tenantSlug: null, loginUrl: '/auth/login' },
      expect.objectContaining({
        name: 'Acme (demo)',
        tenantSlug: 'acme',
        loginUrl: '/auth/login?tenant=acme',
      }),
    ]);
  });

  it('signs bob in to acme through its login form, creating him just in time as tenant owner', async () => {
    const browser = new TestBrowser();
    const answer = await signIn(browser, cp, '/auth/login?tenant=acme', 'bob');
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/#/');
    const bob = await me(browser, cp);
    expect(bob).toMatchObject({ via: 'session', roles: ['tenant-owner'], globalRoles: [] });
    expect(bob.tenants).toEqual([expect.objectContaining({ slug: 'acme', roles: ['tenant-owner'] })]);
    const [user] = await cp.app
      .get(DataSource)
      .query<{ source: string; user_name: string }[]>(
        'SELECT source, user_name FROM directory_users WHERE id = $1',
        [bob.subject],
      );
    expect(user).toEqual({ source: 'oidc-jit', user_name: 'bob@acme.test' });
  });

  it('signs alice in as a platform admin through the platform issuer', async () => {
    const browser = new TestBrowser();
    const answer = await signIn(browser, cp, '/auth/login', 'alice');
    expect(answer.headers.get('location')).toBe('/#/');
    expect(await me(browser, cp)).toMatchObject({
      roles: ['platform-admin'],
      globalRoles: ['platform-admin'],
    });
  });

  it('gives carol and dave their acme roles from their groups', async () => {
    for (const [login, role] of [
      ['carol', 'developer'],
      ['dave', 'auditor'],
    ] as const) {
      const browser = new TestBrowser();
      await signIn(browser, cp, '/auth/login?tenant=acme', login);
      expect((await me(browser, cp)).tenants).toEqual([
        expect.objectContaining({ slug: 'acme', roles: [role] }),
      ]);
    }
  });

  it('refuses a wrong password, and a demo account at the platform issuer without a platform role', async () => {
    const wrong = await signIn(new TestBrowser(), cp, '/auth/login', 'bob', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Unknown user or wrong password.');

    const noRole = await signIn(new TestBrowser(), cp, '/auth/login', 'bob');
    expect(noRole.headers.get('location')).toBe('/#/login?error=no-role');
  });

  it('seeds its demo data once, also when another control plane starts on the same database', async () => {
    const seeded = {
      tenants: await count(`SELECT count(*) AS n FROM tenants WHERE slug = 'acme'`),
      bindings: await count(`SELECT count(*) AS n FROM role_bindings WHERE subject_type = 'idp-group'`),
      providers: await count('SELECT count(*) AS n FROM tenant_identity_providers'),
    };
    expect(seeded).toEqual({ tenants: 1, bindings: 4, providers: 1 });

    // A second control plane on another port, behind a trusted proxy: the seed follows its issuer.
    const second = await startTestControlPlane({
      DATABASE_URL: database.url,
      NODE_ENV: 'development',
      TRUST_PROXY: 'loopback',
    });
    try {
      expect({
        tenants: await count(`SELECT count(*) AS n FROM tenants WHERE slug = 'acme'`),
        bindings: await count(`SELECT count(*) AS n FROM role_bindings WHERE subject_type = 'idp-group'`),
        providers: await count('SELECT count(*) AS n FROM tenant_identity_providers'),
      }).toEqual(seeded);

      const browser = new TestBrowser();
      await signIn(browser, second, '/auth/login?tenant=acme', 'bob');
      expect((await me(browser, second)).tenants).toEqual([expect.objectContaining({ slug: 'acme' })]);

      // Secure only when the request came over TLS: here through a proxy it trusts.
      const behindTls = await new TestBrowser().fetch(`${second.url}/auth/login`, {
        headers: { 'x-forwarded-proto': 'https' },
      });
      const cookie = behindTls.headers.getSetCookie().map(parseSetCookie)[0];
      expect(cookie?.attributes.has('secure')).toBe(true);
    } finally {
      await second.close();
    }

    // The first control plane trusts no proxy: the same header does not make its cookie Secure.
    const untrusted = await new TestBrowser().fetch(`${cp.url}/auth/login`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(untrusted.headers.getSetCookie().map(parseSetCookie)[0]?.attributes.has('secure')).toBe(false);
  });

  it('never starts in production', async () => {
    const production = await startTestControlPlane({ NODE_ENV: 'production' });
    try {
      expect(
        (await production.request('/dev-idp/.well-known/openid-configuration', { token: null })).status,
      ).toBe(404);
      expect(await (await production.request('/auth/providers', { token: null })).json()).toEqual(
        expect.not.arrayContaining([expect.objectContaining({ id: 'platform' })]),
      );
    } finally {
      await production.close();
    }
  });
});
