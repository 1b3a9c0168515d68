import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserStack, type BrowserStack } from './support/browser-stack.js';

// The console in a real browser against the built control plane: sign in with the break-glass
// token, the tenant list (with the development IdP's demo tenant acme), create / edit a tenant,
// server-side field errors, delete with confirmation, sign out; then single sign-on through the
// development IdP as bob (acme's owner), and sign out of that session.
// Screenshots land in test-results/console/ for a human to review.

let stack: BrowserStack | undefined;
let page: Page;
let baseUrl: string;
let adminToken: string;
let pageErrors: string[] = [];

const screenshot = async (shot: string): Promise<void> => {
  await stack?.screenshot(shot);
};

/** The helper text MUI shows under an input (where react-admin puts validation errors). */
const helperTextOf = async (inputName: string): Promise<string> => {
  const input = page.locator(`input[name="${inputName}"]`);
  const describedBy = await input.getAttribute('aria-describedby');
  if (!describedBy) return '';
  return (await page.locator(`[id="${describedBy}"]`).textContent()) ?? '';
};

const invalidInput = (inputName: string) => page.locator(`input[name="${inputName}"][aria-invalid="true"]`);

describe('console (browser)', () => {
  beforeAll(async () => {
    stack = await startBrowserStack('console');
    ({ page, baseUrl, adminToken, pageErrors } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a wrong admin token', async () => {
    await page.goto(`${baseUrl}/`);
    const tokenInput = page.getByLabel('Admin token');
    await tokenInput.waitFor();
    // Single sign-on first: the platform issuer (the development IdP here) and the demo tenant.
    await page.getByRole('link', { name: 'Sign in with Development IdP' }).waitFor();
    await page.getByRole('link', { name: 'Sign in with Acme (demo)' }).waitFor();
    await screenshot('01-login');

    await tokenInput.fill(randomBytes(32).toString('base64url'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That admin token was not accepted.').waitFor();
    await screenshot('02-login-rejected');
  });

  it('signs in with the admin token, keyboard only, and shows the dashboard', async () => {
    const tokenInput = page.getByLabel('Admin token');
    await tokenInput.clear();
    await tokenInput.focus();
    await page.keyboard.type(adminToken);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Control plane' }).waitFor();
    await page.getByText('Ready', { exact: true }).waitFor();
    await page.getByText('1 tenant', { exact: true }).waitFor();
    await screenshot('03-dashboard');

    const stored = await page.evaluate(() => ({
      session: Object.values(sessionStorage) as string[],
      local: JSON.stringify(localStorage),
    }));
    expect(stored.session).toContain(adminToken);
    expect(stored.local).not.toContain(adminToken);
  });

  it('lists the demo tenant of the development IdP', async () => {
    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    await page.getByRole('row', { name: /Acme \(demo\)/ }).waitFor();
    await screenshot('04-tenants-demo');
  });

  it('creates a tenant and lists it', async () => {
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await page.locator('input[name="name"]').fill('Globex Corporation');
    await page.locator('input[name="slug"]').fill('globex');
    await screenshot('05-tenant-create');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByText('Tenant created').waitFor();
    await page.getByText('Tenant Globex Corporation').first().waitFor();
    await screenshot('06-tenant-show');

    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    const row = page.getByRole('row', { name: /Globex Corporation/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('globex');
    await screenshot('07-tenants-list');

    const toggleTheme = page.getByRole('button', { name: 'Toggle light/dark mode' });
    await toggleTheme.click();
    await screenshot('07b-tenants-list-dark');
    await toggleTheme.click();
  });

  it("edits a tenant's name and keeps the slug read-only", async () => {
    await page
      .getByRole('row', { name: /Globex Corporation/ })
      .getByRole('link', { name: 'Edit' })
      .click();
    const slugInput = page.locator('input[name="slug"]');
    await slugInput.waitFor();
    expect(await slugInput.getAttribute('readonly')).not.toBeNull();
    await page.locator('input[name="name"]').fill('Globex Corporation EU');
    await page.getByRole('button', { name: 'Save' }).and(page.locator(':enabled')).waitFor();
    await screenshot('08-tenant-edit');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByText('Tenant updated').waitFor();
    await page.getByText('Tenant Globex Corporation EU').first().waitFor();
  });

  it('shows the server validation error on the slug field', async () => {
    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    await page.getByRole('row', { name: /Globex Corporation EU/ }).waitFor();
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await page.locator('input[name="name"]').fill('Bad Slug Inc');
    await page.locator('input[name="slug"]').fill('Not A Slug!');
    await page.getByRole('button', { name: 'Save' }).click();

    await invalidInput('slug').waitFor();
    expect(await helperTextOf('slug')).toContain('slug must be 1-63 lowercase letters');
    expect(await invalidInput('name').count()).toBe(0);
    await screenshot('09-invalid-slug');

    // A taken slug is a CONFLICT that also names the field.
    await page.locator('input[name="slug"]').fill('globex');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('slug "globex" is already taken').waitFor();
    expect(await helperTextOf('slug')).toContain('already taken');
    await screenshot('10-duplicate-slug');
  });

  it('deletes a tenant only after confirmation', async () => {
    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    await page
      .getByRole('row', { name: /Globex Corporation EU/ })
      .getByRole('link', { name: 'Show' })
      .click();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Delete this tenant?').waitFor();
    await screenshot('11-delete-confirm');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Tenant Globex Corporation EU').first().waitFor();

    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Tenant deleted').waitFor();
    await page.getByRole('row', { name: /Acme \(demo\)/ }).waitFor();
    expect(await page.getByRole('row', { name: /Globex/ }).count()).toBe(0);
  });

  it('signs out and forgets the token', async () => {
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    await page.getByLabel('Admin token').waitFor();
    await screenshot('12-signed-out');

    expect(await page.evaluate(() => Object.values(sessionStorage) as string[])).not.toContain(adminToken);
    expect(pageErrors).toEqual([]);
  });

  it('explains a refused single sign-on: bob holds no platform role', async () => {
    await page.getByRole('link', { name: 'Sign in with Development IdP' }).click();
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Password').fill('portcullis');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('no Portcullis role is granted to you or your groups').waitFor();
    expect(new URL(page.url()).hash).toBe('#/login?error=no-role');
    await screenshot('13-sso-refused');
  });

  it('signs bob in to acme through the development IdP', async () => {
    await page.getByRole('link', { name: 'Sign in with Acme (demo)' }).click();
    const username = page.getByLabel('Username');
    await username.waitFor();
    await screenshot('14-dev-idp-login');
    await username.fill('bob');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Unknown user or wrong password.').waitFor();
    await screenshot('15-dev-idp-wrong-password');

    await page.getByLabel('Password').fill('portcullis');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control plane' }).waitFor();
    await page.getByText('1 tenant', { exact: true }).waitFor();
    await screenshot('16-sso-dashboard');

    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    await page.getByRole('row', { name: /Acme \(demo\)/ }).waitFor();
    await screenshot('17-sso-tenants');

    // The session is an httpOnly cookie: nothing of it in storage the page's scripts can read.
    const stored = await page.evaluate(() => ({
      session: JSON.stringify(sessionStorage),
      local: JSON.stringify(localStorage),
      cookie: document.cookie,
    }));
    expect(stored.cookie).not.toContain('portcullis.sid');
    const me = await page.evaluate(async () => {
      const response = await fetch('/api/v1/me', { credentials: 'same-origin' });
      return (await response.json()) as { via: string; displayName: string; roles: string[] };
    });
    expect(me).toMatchObject({ via: 'session', displayName: 'Bob Baker', roles: ['tenant-owner'] });
  });

  it('signs bob out and ends the session', async () => {
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    await page.getByRole('link', { name: 'Sign in with Acme (demo)' }).waitFor();
    await screenshot('18-sso-signed-out');

    const status = await page.evaluate(
      async () => (await fetch('/api/v1/me', { credentials: 'same-origin' })).status,
    );
    expect(status).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
