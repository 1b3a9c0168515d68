import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserStack, type BrowserStack } from './support/browser-stack.js';

// The console's directory and audit screens in a real browser against the built control plane,
// signed in with the break-glass token: a tenant and its settings, a local user (and a server
// field error), a group with that user, the tenant-owner role bound to the group, the audit log of
// those changes, one event's before/after, integrity verification and the NDJSON export; the
// personal access token page explains that the admin token has no person behind it. When the
// development IdP offers single sign-on, a person (bob) then creates, copies and revokes a token.
// Screenshots land in test-results/console-directory/ for a human to review.

const TENANT = 'Initech';
const USER_NAME = 'ada@initech.test';
const USER_DISPLAY = 'Ada Lovelace';
const GROUP = 'ml-engineers';
let personSignedIn = false;
let stack: BrowserStack | undefined;
let page: Page;
let baseUrl: string;
let adminToken: string;
let pageErrors: string[] = [];

const screenshot = async (shot: string): Promise<void> => {
  await stack?.screenshot(shot);
};

const helperTextOf = async (inputName: string): Promise<string> => {
  const input = page.locator(`input[name="${inputName}"]`);
  const describedBy = await input.getAttribute('aria-describedby');
  if (!describedBy) return '';
  return (await page.locator(`[id="${describedBy}"]`).textContent()) ?? '';
};

/** Types into a react-admin autocomplete and picks the suggestion named `option`. */
const choose = async (label: RegExp | string, search: string, option: RegExp | string): Promise<void> => {
  const combobox = page.getByRole('combobox', { name: label });
  await combobox.click();
  await combobox.fill(search);
  await page.getByRole('option', { name: option }).click();
};

const menu = (name: string) => page.getByRole('menuitem', { name });

/** The page title in the app bar (exact: "Edit tenant X" must not pass for "Tenant X"). */
const title = (text: string) => page.getByText(text, { exact: true }).first();

/** Waits for a notification (react-admin's snackbar). */
const notified = async (text: string): Promise<void> => {
  await page.getByText(text).first().waitFor();
};

/** Waits until the autocomplete labelled `label` shows `value` (a prefilled tenant or group). */
const showsValue = async (label: RegExp | string, value: string): Promise<void> => {
  const combobox = page.getByRole('combobox', { name: label });
  await expect.poll(() => combobox.inputValue(), { timeout: 15_000 }).toBe(value);
};

describe('console directory and audit (browser)', () => {
  beforeAll(async () => {
    stack = await startBrowserStack('console-directory', { acceptDownloads: true }, true);
    ({ page, baseUrl, adminToken, pageErrors } = stack);
  });

  afterEach(async (context) => {
    // What the page looked like when a step failed, for the review.
    if (context.task.result?.state === 'fail' && stack) {
      await screenshot(`failed-${context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
    }
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('signs in with the admin token', async () => {
    await page.goto(`${baseUrl}/`);
    const tokenInput = page.getByLabel('Admin token');
    await tokenInput.fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control plane' }).waitFor();
    for (const name of ['Tenants', 'Users', 'Groups', 'Role bindings', 'Audit log', 'My access tokens']) {
      await menu(name).waitFor();
    }
  });

  it('creates a tenant and turns on one of its settings', async () => {
    await menu('Tenants').click();
    await page
      .getByRole('link', { name: /^Create/ })
      .first()
      .click();
    await page.locator('input[name="name"]').fill(TENANT);
    await page.locator('input[name="slug"]').fill('initech');
    await page.getByRole('button', { name: 'Save' }).click();
    await notified('Tenant created');
    await title(`Tenant ${TENANT}`).waitFor();
    await expect.poll(() => page.getByText('Off', { exact: true }).count()).toBe(2);

    await page.getByRole('link', { name: 'Edit' }).click();
    const zeroDataRetention = page.getByRole('switch', { name: 'Zero data retention' });
    await zeroDataRetention.check();
    await screenshot('01-tenant-edit-settings');
    await page.getByRole('button', { name: 'Save' }).click();
    await notified('Tenant updated');
    await title(`Tenant ${TENANT}`).waitFor();
    await page.getByText('On', { exact: true }).waitFor();
    expect(await page.getByText('Off', { exact: true }).count()).toBe(1);
    await screenshot('02-tenant-show');
  });

  it('creates a user in the tenant, and shows a taken user name on its field', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    // The list is filtered by the tenant, so Create starts the user in it.
    await showsValue('Tenant', TENANT);
    await page.getByText('No users match these filters.').waitFor();
    await screenshot('03-users-of-tenant-empty');
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await showsValue(/^Tenant/, TENANT);
    await page.locator('input[name="userName"]').fill(USER_NAME);
    await page.locator('input[name="displayName"]').fill(USER_DISPLAY);
    await page.locator('input[name="email"]').fill(USER_NAME);
    await screenshot('04-user-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await notified('User created');
    await title(`User ${USER_DISPLAY} (${USER_NAME})`).waitFor();
    await page.getByText('No role is bound to this user directly').waitFor();
    await screenshot('05-user-show');

    // The same user name again: the server's CONFLICT names the field.
    await menu('Users').click();
    await page.getByRole('row', { name: new RegExp(USER_DISPLAY) }).waitFor();
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await showsValue(/^Tenant/, TENANT);
    await page.locator('input[name="userName"]').fill(USER_NAME);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('input[name="userName"][aria-invalid="true"]').waitFor();
    expect(await helperTextOf('userName')).toContain('already taken');
    await screenshot('06-user-name-taken');
  });

  it('shows the empty group list, then creates a group with that user', async () => {
    await menu('Groups').click();
    await page.getByRole('heading', { name: 'No groups yet' }).waitFor();
    await screenshot('07-groups-empty');

    await page.getByRole('link', { name: 'Create the first group' }).click();
    // Members are chosen among the tenant's users: the input waits for the tenant.
    await expect.poll(() => page.getByRole('combobox', { name: 'Members' }).isDisabled()).toBe(true);
    await choose(/^Tenant/, 'Init', TENANT);
    await page.locator('input[name="displayName"]').fill(GROUP);
    await choose('Members', 'ada', `${USER_DISPLAY} (${USER_NAME})`);
    await page.keyboard.press('Escape');
    await screenshot('08-group-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await notified('Group created');
    await title(`Group ${GROUP}`).waitFor();
    await page.getByRole('row', { name: new RegExp(USER_NAME) }).waitFor();
    await page.getByText('No role is bound to this group yet').waitFor();
    await screenshot('09-group-show');
  });

  it('binds the tenant-owner role to the group', async () => {
    await page.getByRole('link', { name: 'Grant a role' }).click();
    // Started from the group: tenant, subject type and group are filled in.
    await showsValue(/^Group/, GROUP);
    await showsValue(/^Tenant/, TENANT);
    await page.getByRole('radio', { name: /^Tenant owner/ }).check();
    await screenshot('10-role-binding-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await notified('Role granted');

    // Filtered to the group: the development IdP may have seeded bindings of its own.
    const row = page.getByRole('row').filter({ hasText: GROUP });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain(TENANT);
    expect(text).toContain(GROUP);
    await screenshot('11-role-bindings');

    const toggleTheme = page.getByRole('button', { name: 'Toggle light/dark mode' });
    await toggleTheme.click();
    await screenshot('11b-role-bindings-dark');
    await toggleTheme.click();
  });

  it("lists the tenant's changes in the audit log and opens one", async () => {
    await menu('Audit log').click();
    await page.getByRole('columnheader', { name: 'Action', exact: true }).waitFor();
    await choose('Tenant', 'Init', TENANT);
    const table = page.locator('table');
    const expected = ['role-binding.create', 'group.create', 'user.create', 'tenant.update', 'tenant.create'];
    await expect
      .poll(async () => (await table.locator('tbody tr').allTextContents()).length)
      .toBe(expected.length);
    const actions = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions).toEqual(expected);
    await screenshot('12-audit-log');

    await page.getByRole('row', { name: /group\.create/ }).click();
    await page
      .getByText(/Audit event #\d+: group\.create/)
      .first()
      .waitFor();
    const after = page.getByRole('region', { name: 'After' });
    expect(await after.textContent()).toContain(`"displayName": "${GROUP}"`);
    await page.getByText('Nothing: it did not exist yet.').waitFor();
    await screenshot('13-audit-event');
  });

  it('verifies the integrity of the audit trail', async () => {
    await menu('Audit log').click();
    await page.getByRole('button', { name: 'Verify integrity' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('The audit trail is intact').waitFor();
    await screenshot('14-audit-verified');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('exports the filtered audit events as NDJSON', async () => {
    // The tenant filter is remembered from the earlier visit.
    await showsValue('Tenant', TENANT);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export NDJSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.ndjson$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    const actions = lines.map((line) => (JSON.parse(line) as { action: string }).action);
    expect(actions.join(' ')).toBe(
      // The export records itself (audit.export, in the tenant's trail) before it streams.
      [
        'tenant.create',
        'tenant.update',
        'user.create',
        'group.create',
        'role-binding.create',
        'audit.export',
      ].join(' '),
    );
    await notified('Exported 6 events');
  });

  it('explains that personal access tokens need a person, not the admin token', async () => {
    await menu('My access tokens').click();
    await page.getByRole('heading', { name: 'Personal access tokens belong to a person' }).waitFor();
    await page.getByText('signed in with a credential that has no person behind it').waitFor();
    expect(await page.getByRole('link', { name: /Create/ }).count()).toBe(0);
    await screenshot('15-tokens-admin-token');
    expect(pageErrors).toEqual([]);
  });

  it('lets a person create, copy and revoke a token (when the development IdP offers sign-in)', async (context) => {
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    await page.getByLabel('Admin token').waitFor();
    const acme = page.getByRole('link', { name: 'Sign in with Acme (demo)' });
    // Wait for the sign-in options to load (a spinner, then buttons or a sentence).
    await page.getByLabel('Loading sign-in options').waitFor({ state: 'detached' });
    if ((await acme.count()) === 0) {
      context.skip();
      return;
    }
    await acme.click();
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Password').fill('portcullis');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control plane' }).waitFor();
    personSignedIn = true;

    await menu('My access tokens').click();
    await page.getByRole('heading', { name: 'No personal access tokens yet' }).waitFor();
    await screenshot('16-tokens-empty');
    await page.getByRole('link', { name: 'Create a token' }).click();
    await page.locator('input[name="name"]').fill('release automation');
    await page.locator('input[name="expiresInDays"]').fill('30');
    await page.getByRole('button', { name: 'Save' }).click();

    const dialog = page.getByRole('dialog', { name: 'Copy your new token now' });
    await dialog.waitFor();
    const token = await dialog.getByTestId('new-token').inputValue();
    expect(token).toMatch(/^pat_/);
    await dialog.getByRole('button', { name: 'Copy the token' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await screenshot('17-token-created');
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = page.getByRole('row', { name: /release automation/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(token.slice(0, 12));
    expect(await page.content()).not.toContain(token);
    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('Revoke the token "release automation"?').waitFor();
    await screenshot('18-token-revoke-confirm');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await notified('Token revoked');
    await row.getByText('revoked', { exact: true }).waitFor();
    await screenshot('19-token-revoked');
  });

  it('does not offer a tenant owner the whole-trail integrity check the server would refuse', async (context) => {
    if (!personSignedIn) {
      context.skip();
      return;
    }
    await menu('Audit log').click();
    // Export is theirs; the integrity check is for platform admins and global auditors only.
    await page.getByRole('button', { name: 'Export NDJSON' }).waitFor();
    expect(await page.getByRole('button', { name: 'Verify integrity' }).count()).toBe(0);
    await screenshot('20-audit-no-verify-for-owner');
  });

  it("lets a tenant owner change the tenant's settings without renaming it", async (context) => {
    if (!personSignedIn) {
      context.skip();
      return;
    }
    await menu('Tenants').click();
    await page
      .getByRole('row', { name: /Acme \(demo\)/ })
      .getByRole('link', { name: 'Edit' })
      .click();
    // Only the changed setting is sent: renaming would need platform-admin, which bob does not hold.
    await page.getByRole('switch', { name: 'Zero data retention' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await notified('Tenant updated');
    await title('Tenant Acme (demo)').waitFor();
    await page.getByText('On', { exact: true }).first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
