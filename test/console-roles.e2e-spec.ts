import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, startBrowserStack, type BrowserStack } from './support/browser-stack.js';

// The console by role, in a real browser against the built control plane, everyone signing in
// through the development IdP: carol (acme's developer) sees only her own menus and none of another
// tenant's models; dave (acme's auditor) reads the audit log, lists and usage with no create, edit,
// delete or integrity-check button; bob (acme's owner), once also owner of Globex, switches tenant
// in the app bar and sees Globex's lists, trusts a token issuer there (a refused issuer named on its
// field, then saved, edited, and deleted after confirmation) and reads Globex's usage.
// Screenshots land in test-results/console-roles/ for a human to review.

const ACME_MODEL = 'acme-chat';
const GLOBEX_MODEL = 'globex-chat';
const ACME_APP = 'acme-support-bot';
const GLOBEX_APP = 'globex-billing-bot';
const ISSUER = `https://idp-${randomUUID().slice(0, 6)}.example.com/oauth2/default`;

/** Every resource menu, by its label. */
const ALL_MENUS = [
  'Tenants',
  'Users',
  'Groups',
  'Role bindings',
  'Sign-in IdPs',
  'SCIM tokens',
  'Token issuers',
  'Providers',
  'Models',
  'Applications',
  'API keys',
  'Grants',
  'Access explainer',
  'Usage',
  'Audit log',
  'Data-plane nodes',
  'Enrollment tokens',
  'Signing keys',
  'My access tokens',
];

let stack: BrowserStack | undefined;
let page: Page;
let baseUrl: string;
let adminToken: string;
let pageErrors: string[] = [];
let db: pg.Client;
let acmeId = '';
let globexId = '';

const screenshot = async (shot: string): Promise<void> => {
  await stack?.screenshot(shot);
};

const menu = (name: string) => page.getByRole('menuitem', { name, exact: true });

const api = (method: string, path: string, body?: unknown) => adminApi(page, adminToken, method, path, body);

const created = async (path: string, body: unknown): Promise<string> => {
  const response = await api('POST', path, body);
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  return (response.json as { id: string }).id;
};

/** Signs a demo account in to acme through the development IdP and waits for the dashboard. */
const signIn = async (login: string): Promise<void> => {
  // Another person at the same browser: no IdP session or interaction of the previous one.
  await page.context().clearCookies();
  await page.getByRole('link', { name: 'Sign in with Acme (demo)' }).click();
  await page.getByLabel('Username').fill(login);
  await page.getByLabel('Password').fill('portcullis');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Control plane' }).waitFor();
};

const signOut = async (): Promise<void> => {
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await page.getByRole('link', { name: 'Sign in with Acme (demo)' }).waitFor();
};

/** Waits for the menus the role must see, then checks that no other resource menu is there. */
const expectMenus = async (expected: string[]): Promise<void> => {
  for (const name of expected) await menu(name).waitFor();
  const shown: string[] = [];
  for (const name of ALL_MENUS) if ((await menu(name).count()) > 0) shown.push(name);
  expect(shown).toEqual(ALL_MENUS.filter((name) => expected.includes(name)));
};

const tenantSwitcher = () => page.getByRole('combobox', { name: 'Current tenant' });

const toggleTheme = () => page.getByRole('button', { name: 'Toggle light/dark mode' }).click();

/** The page's main area: lists, forms and their buttons, without the app bar and menu. */
const main = () => page.locator('#main-content');

const row = (name: string | RegExp) => page.getByRole('row', { name });

/** A usage event as a node reports it, written straight into the control plane's database. */
const insertUsage = async (
  nodeId: string,
  tenantId: string,
  applicationId: string,
  model: string,
  status: number,
  tokens: [number, number],
): Promise<void> => {
  await db.query(
    `INSERT INTO usage_events (id, request_id, occurred_at, received_at, node_id, tenant_id, principal_kind,
                               principal_id, key_id, route, model, stream, status, error_code, input_tokens,
                               output_tokens, cached_input_tokens, tokens_estimated, cost_amount, cost_currency,
                               latency_ms, attempts, cache_hit, redactions)
     VALUES (gen_random_uuid(), $1, now(), now(), $2, $3, 'application', $4, NULL, 'chat.completions', $5, false,
             $6, $7, $8, $9, 0, false, $10, 'USD', 123.4, 1, false, '{}')`,
    [
      `req-${randomUUID()}`,
      nodeId,
      tenantId,
      applicationId,
      model,
      status,
      status === 429 ? 'rate_limited' : null,
      tokens[0],
      tokens[1],
      (tokens[0] + tokens[1]) / 100_000,
    ],
  );
};

describe('console by role (browser)', () => {
  beforeAll(async () => {
    stack = await startBrowserStack('console-roles');
    ({ page, baseUrl, adminToken, pageErrors } = stack);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && stack) {
      await screenshot(`failed-${context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
    }
  });

  afterAll(async () => {
    await db.end();
    await stack?.close();
  });

  it('sets up a second tenant, a model and an application in each, and usage in both', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: 'Sign in with Acme (demo)' }).waitFor();
    const tenants = await api('GET', '/api/v1/tenants');
    acmeId =
      (tenants.json as { id: string; slug: string }[]).find((tenant) => tenant.slug === 'acme')?.id ?? '';
    expect(acmeId).not.toBe('');
    globexId = await created('/api/v1/tenants', { name: 'Globex', slug: 'globex' });
    for (const [tenantId, alias] of [
      [acmeId, ACME_MODEL],
      [globexId, GLOBEX_MODEL],
    ] as const) {
      await created('/api/v1/models', { tenantId, alias, capabilities: ['chat'], deployments: [] });
    }
    const acmeApp = await created('/api/v1/apps', { tenantId: acmeId, name: ACME_APP });
    const globexApp = await created('/api/v1/apps', { tenantId: globexId, name: GLOBEX_APP });

    // Usage arrives from enrolled nodes; a node row is all the events need to name one.
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO dataplane_nodes (name, version, signing_key, encryption_key) VALUES ($1, '0.1.0', $2, $3)
       RETURNING id`,
      [
        'console-roles-node',
        JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) }),
        JSON.stringify({ kty: 'OKP', crv: 'X25519', x: 'A'.repeat(43) }),
      ],
    );
    const nodeId = rows[0]?.id ?? '';
    await insertUsage(nodeId, acmeId, acmeApp, ACME_MODEL, 200, [1200, 300]);
    await insertUsage(nodeId, acmeId, acmeApp, ACME_MODEL, 200, [800, 200]);
    await insertUsage(nodeId, acmeId, acmeApp, ACME_MODEL, 429, [0, 0]);
    await insertUsage(nodeId, globexId, globexApp, GLOBEX_MODEL, 200, [5000, 1000]);
  });

  it('shows a developer only their own menus and none of another tenant’s models', async () => {
    await signIn('carol');
    await expectMenus(['Models', 'API keys', 'Access explainer', 'Usage', 'My access tokens']);
    // One tenant: no switcher; and no configuration log, which is for owners and auditors.
    expect(await tenantSwitcher().count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Configuration' }).count()).toBe(0);
    await screenshot('01-developer-dashboard');

    await menu('Models').click();
    await row(new RegExp(ACME_MODEL)).waitFor();
    expect(await row(new RegExp(GLOBEX_MODEL)).count()).toBe(0);
    expect(await main().getByRole('link', { name: 'Create' }).count()).toBe(0);
    await screenshot('02-developer-models');

    // The calls of others are not hers: her usage is empty.
    await menu('Usage').click();
    await page.getByRole('heading', { name: 'No usage yet' }).waitFor();
    await screenshot('03-developer-usage-empty');

    // A typed address to an admin page is refused by the console before the API is asked.
    await page.goto(`${baseUrl}/#/users`);
    await page.waitForURL(/#\/access-denied$/);
    await page.getByText('Access denied').first().waitFor();
    await screenshot('04-developer-access-denied');

    // Her personal key: "Myself" is the only owner she may choose.
    await menu('API keys').click();
    await main().getByRole('link', { name: 'Create' }).first().click();
    await page.getByRole('radio', { name: /Myself/ }).waitFor();
    expect(await page.getByRole('radio', { name: /An application/ }).count()).toBe(0);
    await page.locator('input[name="name"]').fill('carol laptop');
    await screenshot('05-developer-key-create');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'Copy your new API key now' });
    await dialog.getByText('This is the only time the key is shown.').waitFor();
    await dialog.getByRole('button', { name: 'I have stored the API key' }).click();
    // Her own key: she may revoke it.
    await page.getByText('API key carol laptop', { exact: true }).first().waitFor();
    await main().getByRole('button', { name: 'Revoke' }).waitFor();
    await screenshot('05b-developer-key-show');
    await signOut();
  });

  it('lets an auditor read the audit log, lists and usage without any create, edit or delete button', async () => {
    await signIn('dave');
    await expectMenus([
      'Tenants',
      'Users',
      'Groups',
      'Role bindings',
      'Token issuers',
      'Providers',
      'Models',
      'Applications',
      'API keys',
      'Grants',
      'Access explainer',
      'Usage',
      'Audit log',
      'My access tokens',
    ]);

    // The configuration revision and acme's latest changes (the model made in the set-up among them).
    const configuration = page.getByRole('region', { name: 'Configuration' });
    await configuration.getByText(/^Revision \d+$/).waitFor();
    await configuration
      .getByRole('row')
      .filter({ hasText: /^\d+.*model .*created$/ })
      .first()
      .waitFor();
    await screenshot('05c-auditor-dashboard');

    await menu('Audit log').click();
    await page.getByRole('button', { name: 'Export NDJSON' }).waitFor();
    await page
      .getByRole('row', { name: /model\.create/ })
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: 'Verify integrity' }).count()).toBe(0);
    await screenshot('06-auditor-audit-log');

    await menu('Applications').click();
    await row(new RegExp(ACME_APP)).waitFor();
    expect(await row(new RegExp(GLOBEX_APP)).count()).toBe(0);
    expect(
      await main()
        .getByRole('link', { name: /^(Create|Edit)/ })
        .count(),
    ).toBe(0);
    await row(new RegExp(ACME_APP)).click();
    await page.getByText(`Application ${ACME_APP}`).first().waitFor();
    expect(await main().getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await main().getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await page.getByText('No API keys yet.').waitFor();
    for (const action of ['Grant a model', 'Create an API key'])
      expect(await main().getByRole('link', { name: action }).count(), action).toBe(0);
    await screenshot('07-auditor-application-show');

    await menu('Usage').click();
    const totals = page.getByRole('group', { name: 'Totals' });
    await totals.getByText('Calls').waitFor();
    expect(await totals.innerText()).toMatch(
      /Calls\s+3\s+Errors\s+1\s+Input tokens\s+2,000\s+Output tokens\s+500/,
    );
    expect(await page.getByRole('row').filter({ hasText: ACME_MODEL }).count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByRole('row').filter({ hasText: GLOBEX_MODEL }).count()).toBe(0);
    await page.getByText('rate_limited').waitFor();
    // The caller is named and linked: auditors may read the tenant's applications.
    await page
      .getByRole('row')
      .filter({ hasText: 'rate_limited' })
      .getByRole('link', { name: ACME_APP })
      .waitFor();
    await screenshot('08-auditor-usage');
    await toggleTheme();
    await screenshot('08b-auditor-usage-dark');
    await toggleTheme();
    await signOut();
  });

  it('lets an owner of two tenants switch tenant and see the other tenant’s lists', async () => {
    await signIn('bob');
    await menu('Sign-in IdPs').waitFor();
    expect(await tenantSwitcher().count()).toBe(0);
    for (const platformOnly of ['Data-plane nodes', 'Enrollment tokens', 'Signing keys'])
      expect(await menu(platformOnly).count()).toBe(0);

    // No admin route binds a person of one tenant in another; the directory's own table can.
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM directory_users WHERE tenant_id = $1 AND lower(user_name) = 'bob@acme.test'`,
      [acmeId],
    );
    expect(rows).toHaveLength(1);
    await db.query(
      `INSERT INTO role_bindings (tenant_id, role, subject_type, subject_id) VALUES ($1, 'tenant-owner', 'user', $2)`,
      [globexId, rows[0]?.id],
    );
    await page.reload();
    await tenantSwitcher().waitFor();
    expect(await tenantSwitcher().innerText()).toContain('Acme (demo)');

    await menu('Applications').click();
    await row(new RegExp(ACME_APP)).waitFor();
    expect(await row(new RegExp(GLOBEX_APP)).count()).toBe(0);
    await screenshot('09-owner-acme-applications');

    await tenantSwitcher().click();
    await screenshot('10-owner-tenant-switcher');
    await page.getByRole('option', { name: /Globex/ }).click();
    await row(new RegExp(GLOBEX_APP)).waitFor();
    expect(await row(new RegExp(ACME_APP)).count()).toBe(0);
    expect(await tenantSwitcher().innerText()).toContain('Globex');
    await screenshot('11-owner-globex-applications');

    // Remembered in this browser.
    await page.reload();
    await row(new RegExp(GLOBEX_APP)).waitFor();
    expect(await tenantSwitcher().innerText()).toContain('Globex');
    expect(await page.evaluate(() => localStorage.getItem('portcullis.currentTenant'))).toBe(globexId);

    await menu('Usage').click();
    const totals = page.getByRole('group', { name: 'Totals' });
    await totals.getByText('Calls').waitFor();
    expect(await totals.innerText()).toMatch(/Calls\s+1\s+Errors\s+0\s+Input tokens\s+5,000/);
    await page.getByRole('row').filter({ hasText: GLOBEX_MODEL }).first().waitFor();
    expect(await page.getByRole('row').filter({ hasText: ACME_MODEL }).count()).toBe(0);
    await screenshot('12-owner-globex-usage');
  });

  it('trusts a token issuer in the current tenant: field error, create, edit, delete after confirmation', async () => {
    await menu('Token issuers').click();
    await page.getByRole('heading', { name: 'No token issuers yet' }).waitFor();
    await screenshot('13-token-issuers-empty');
    await page.getByRole('link', { name: 'Trust a token issuer' }).first().click();

    // The tenant is the one being worked in, and fixed.
    const tenant = page.getByRole('combobox', { name: 'Tenant', exact: true });
    await expect.poll(() => tenant.inputValue()).toBe('Globex');
    expect(await tenant.isEditable()).toBe(false);

    // Okta's org authorization server: the API refuses it and names the field.
    await page.locator('input[name="issuer"]').fill('https://globex.okta.com');
    const audiences = page.getByRole('combobox', { name: /Audiences/ });
    await audiences.fill('api://portcullis');
    await audiences.press('Enter');
    await page.locator('input[name="jwksUri"]').fill('https://203.0.113.10/keys');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.locator('input[name="requiredClaims.0.claim"]').fill('amr');
    const anyOf = page.getByRole('combobox', { name: /One of/ });
    await anyOf.fill('mfa');
    await anyOf.press('Enter');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('input[name="issuer"][aria-invalid="true"]').waitFor();
    await page.getByText("issuer is Okta's org authorization server").first().waitFor();
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await page.getByRole('banner').waitFor();
    await screenshot('14-token-issuer-field-error');

    await page.locator('input[name="issuer"]').fill(ISSUER);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Token issuer trusted').waitFor();
    await page.getByText(`Token issuer ${ISSUER}`).first().waitFor();
    await page.getByText('amr ∈ mfa').waitFor();
    await screenshot('15-token-issuer-show');
    const stored = await api(
      'GET',
      `/api/v1/token-issuers?filter=${encodeURIComponent(JSON.stringify({ q: 'idp-' }))}`,
    );
    expect(stored.json).toEqual([
      expect.objectContaining({
        tenantId: globexId,
        issuer: ISSUER,
        audience: ['api://portcullis'],
        requiredClaims: [{ claim: 'amr', anyOf: ['mfa'] }],
        algorithms: ['RS256', 'ES256'],
      }),
    ]);

    await main().getByRole('link', { name: 'Edit' }).click();
    await page.locator('input[name="groupsClaim"]').fill('groups');
    await page.getByRole('button', { name: 'Save' }).and(page.locator(':enabled')).waitFor();
    await screenshot('16-token-issuer-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Token issuer updated').waitFor();
    await page.getByText(`Token issuer ${ISSUER}`).first().waitFor();

    await main().getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Stop trusting this issuer?').waitFor();
    await screenshot('17-token-issuer-delete-confirm');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Token issuer removed').waitFor();
    await page.getByRole('heading', { name: 'No token issuers yet' }).waitFor();
    expect((await api('GET', '/api/v1/token-issuers')).json).toEqual([]);
  });

  it('shows the current tenant’s sign-in IdP page in both themes', async () => {
    await tenantSwitcher().click();
    await page.getByRole('option', { name: /Acme/ }).click();
    await expect.poll(() => tenantSwitcher().innerText()).toContain('Acme (demo)');
    await menu('Sign-in IdPs').click();
    await row(/dev-idp/).waitFor();
    await screenshot('18-owner-sign-in-idps');
    await toggleTheme();
    await screenshot('18b-owner-sign-in-idps-dark');
    await toggleTheme();
    expect(pageErrors).toEqual([]);
  });
});
