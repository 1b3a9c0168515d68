import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, startBrowserStack, type BrowserStack } from './support/browser-stack.js';

// The console's access screens in a real browser against the built control plane, signed in with
// the break-glass token. A tenant, a model and a group with a user are set up through the API; then,
// through the console: an application (created, then edited), a grant of the model to it, an API key
// acting as it (the admin token's own "myself" refused on the owner field; the key shown once, then
// only its prefix, also after a reload), the access explainer (allowed through the application's
// grant, and a user allowed through their group), the key revoked after confirmation and then
// explained as denied (KEY_REVOKED), and the grant removed after confirmation. Screenshots land in
// test-results/console-access/ for a human to review.

const TENANT = 'Globex';
const MODEL = 'globex-chat';
const USER_NAME = 'hank@globex.test';
const USER_DISPLAY = 'Hank Scorpio';
const GROUP = 'analysts';
const APP = 'support-bot';
const KEY_NAME = 'support-bot production';

let stack: BrowserStack | undefined;
let page: Page;
let baseUrl: string;
let adminToken: string;
let pageErrors: string[] = [];
/** The new key, seen once in its dialog: finding it on any later page means it leaked. */
let apiKey = '';

const screenshot = async (shot: string): Promise<void> => {
  await stack?.screenshot(shot);
};

/** A long form is captured from its top, with the app bar (which hides while scrolling down). */
const scrollToTop = async (): Promise<void> => {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
  await page.getByRole('banner').waitFor();
};

const menu = (name: string) => page.getByRole('menuitem', { name });

/** The page title in the app bar (exact: "Edit application X" must not pass for "Application X"). */
const title = (text: string) => page.getByText(text, { exact: true }).first();

const notified = async (text: string): Promise<void> => {
  await page.getByText(text).first().waitFor();
};

/** Types into a react-admin autocomplete and picks the suggestion named `option`. */
const choose = async (label: RegExp | string, search: string, option: RegExp | string): Promise<void> => {
  const combobox = page.getByRole('combobox', { name: label });
  await combobox.click();
  await combobox.fill(search);
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
};

/** Waits until the autocomplete labelled `label` shows `value` (a prefilled tenant or key). */
const showsValue = async (label: RegExp | string, value: string): Promise<void> => {
  const combobox = page.getByRole('combobox', { name: label });
  await expect.poll(() => combobox.inputValue(), { timeout: 15_000 }).toBe(value);
};

const expectNoKeyInPage = async (): Promise<void> => {
  expect(apiKey).not.toBe('');
  expect(await page.content()).not.toContain(apiKey);
};

/** The admin API as the break-glass admin, from the page (same origin). */
const api = (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> =>
  adminApi(page, adminToken, method, path, body);

const created = async (path: string, body: unknown): Promise<string> => {
  const response = await api('POST', path, body);
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  return (response.json as { id: string }).id;
};

/** The explainer's answer: the verdict and each reason as `✓ CODE` or `✗ CODE`, in order. */
const answer = async (): Promise<{ verdict: string; reasons: string[] }> => {
  const section = page.getByRole('region', { name: 'Answer' });
  const verdict = (await section.locator('.MuiAlertTitle-root').textContent()) ?? '';
  const reasons = await section.getByTestId('explain-reason').evaluateAll((items) =>
    items.map((item) => {
      const mark = item.querySelector('[role="img"]')?.textContent ?? '?';
      const code = item.querySelector('.MuiListItemText-primary')?.textContent ?? '';
      return `${mark} ${code}`;
    }),
  );
  return { verdict, reasons };
};

/** Clicks Explain and waits for the next answer (the page numbers its answers in `data-answer`). */
const explain = async (): Promise<{ verdict: string; reasons: string[] }> => {
  const counter = page.locator('[data-answer]');
  const before = Number(await counter.getAttribute('data-answer'));
  await page.getByRole('button', { name: 'Explain' }).click();
  await page.locator(`[data-answer="${String(before + 1)}"]`).waitFor();
  return answer();
};

describe('console applications, API keys, grants and the access explainer (browser)', () => {
  let tenantId = '';

  beforeAll(async () => {
    stack = await startBrowserStack('console-access', {}, true);
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
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Control plane' }).waitFor();
    for (const name of ['Applications', 'API keys', 'Grants', 'Access explainer']) await menu(name).waitFor();
  });

  it('sets up a tenant, a model and a group with a user through the API', async () => {
    tenantId = await created('/api/v1/tenants', { name: TENANT, slug: 'globex' });
    await created('/api/v1/models', {
      tenantId,
      alias: MODEL,
      description: 'Globex’s own chat model.',
      capabilities: ['chat'],
      deployments: [],
    });
    const userId = await created('/api/v1/users', {
      tenantId,
      userName: USER_NAME,
      displayName: USER_DISPLAY,
    });
    await created('/api/v1/groups', { tenantId, displayName: GROUP, memberIds: [userId] });
  });

  it('creates an application and clears its client id', async () => {
    await menu('Applications').click();
    await page.getByRole('heading', { name: 'No applications yet' }).waitFor();
    await screenshot('01-apps-empty');

    await page.getByRole('link', { name: 'Create the first application' }).click();
    await choose(/^Tenant/, 'Glob', TENANT);
    await page.locator('input[name="name"]').fill(APP);
    await page
      .locator('textarea[name="description"]')
      .fill('Answers customer tickets; run by the support team.');
    await page.locator('input[name="clientId"]').fill('support-bot-prod');
    expect(await page.getByRole('switch', { name: 'Active' }).isChecked()).toBe(true);
    await screenshot('02-app-create');
    await page.getByRole('button', { name: 'Save' }).click();

    await notified('Application created');
    await title(`Application ${APP}`).waitFor();
    await page.getByText('No model is granted to this application directly.').waitFor();
    await page.getByText('No API keys yet.').waitFor();
    await screenshot('03-app-show');

    await page.getByRole('link', { name: 'Edit' }).click();
    await title(`Edit application ${APP}`).waitFor();
    await page.locator('input[name="clientId"]').fill('');
    await screenshot('03b-app-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await notified('Application updated');
    await title(`Application ${APP}`).waitFor();
    expect(await page.getByText('support-bot-prod').count()).toBe(0);
  });

  it('grants the model to the application', async () => {
    await menu('Grants').click();
    await page.getByRole('heading', { name: 'No grants yet' }).waitFor();
    await screenshot('04-grants-empty');

    await page.getByRole('link', { name: 'Grant the first model' }).click();
    await choose(/^Tenant/, 'Glob', TENANT);
    // The tenant's own model, next to "all models".
    await page.getByRole('combobox', { name: /^Model/ }).click();
    await page.getByRole('option', { name: 'All models (*)' }).waitFor();
    await page.getByRole('option', { name: MODEL, exact: true }).click();
    expect(await page.getByRole('radio', { name: 'Application' }).isChecked()).toBe(true);
    await choose(/^Application/, 'support', APP);
    await screenshot('05-grant-create');
    await page.getByRole('button', { name: 'Save' }).click();

    await notified('Model granted');
    const row = page.getByRole('row', { name: new RegExp(APP) });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain(MODEL);
    expect(text).toContain(TENANT);

    // A second grant, through the API: the model to the group, for the explainer's user question.
    const groups = await api(
      'GET',
      `/api/v1/groups?filter=${encodeURIComponent(JSON.stringify({ tenantId }))}`,
    );
    const groupId = (groups.json as { id: string }[])[0]?.id;
    await created('/api/v1/grants', { tenantId, model: MODEL, subject: { kind: 'group', id: groupId } });
    await page.reload();
    await page.getByRole('row', { name: new RegExp(GROUP) }).waitFor();
    await screenshot('06-grants-list');
  });

  it('refuses a key for "myself" on the owner field, then creates one for the application', async () => {
    await menu('API keys').click();
    await page.getByRole('heading', { name: 'No API keys yet' }).waitFor();
    await screenshot('07-keys-empty');

    await page.getByRole('link', { name: 'Create the first API key' }).click();
    await page.locator('input[name="name"]').fill(KEY_NAME);
    expect(await page.getByRole('radio', { name: /^Myself/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save' }).click();
    // The admin token has no person behind it: the API's 400 names `owner`, shown under that choice.
    const owner = page.locator('.ra-input-owner');
    await owner.getByText('the admin token is not a person: name an application as owner').waitFor();
    await screenshot('08-key-owner-refused');

    await page.getByRole('radio', { name: /^An application/ }).check();
    await choose(/^Tenant/, 'Glob', TENANT);
    await choose(/^Application/, 'support', APP);
    await choose(/^Limit to models/, 'globex', MODEL);
    await page.keyboard.press('Escape');
    await page.locator('input[name="expiresAt"]').fill('2099-12-31T23:59');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.locator('input[name="metadata.0.name"]').fill('team');
    await page.locator('input[name="metadata.0.value"]').fill('support');
    await scrollToTop();
    await screenshot('09-key-create');
    await page.getByRole('button', { name: 'Save' }).click();

    const dialog = page.getByRole('dialog', { name: 'Copy your new API key now' });
    await dialog.getByText('This is the only time the key is shown.').waitFor();
    apiKey = await dialog.getByTestId('new-api-key').inputValue();
    expect(apiKey).toMatch(/^pk-[0-9A-Za-z]{43}$/);
    await dialog.getByText(`acts as the application ${APP}`).waitFor();
    await dialog.getByRole('button', { name: 'Copy the API key' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(apiKey);
    // Saving scrolled the long form; from its top, the full-page capture shows the app bar in place.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await page.locator('header').first().waitFor();
    await screenshot('10-key-created');

    await dialog.getByRole('button', { name: 'Done' }).click();
    await notified('API key created. Only its prefix is shown from now on.');
    await title(`API key ${KEY_NAME}`).waitFor();
    await page.getByText(`${apiKey.slice(0, 12)}…`).waitFor();
    await page.getByRole('link', { name: APP }).waitFor();
    await page.getByText('team: support').waitFor();
    await expectNoKeyInPage();
    await screenshot('11-key-show');

    // Nor after a reload, nor in what the API returns.
    await page.reload();
    await title(`API key ${KEY_NAME}`).waitFor();
    await page.getByText(`${apiKey.slice(0, 12)}…`).waitFor();
    await expectNoKeyInPage();
    const listed = await api('GET', '/api/v1/keys');
    expect(JSON.stringify(listed.json)).not.toContain(apiKey);

    await menu('API keys').click();
    const row = page.getByRole('row', { name: new RegExp(KEY_NAME) });
    await row.getByText('active', { exact: true }).waitFor();
    const text = await row.textContent();
    expect(text).toContain(apiKey.slice(0, 12));
    expect(text).toContain(APP);
    expect(text).toContain('Never');
    await expectNoKeyInPage();
    await screenshot('12-keys-list');
  });

  it('explains the key: allowed through the application’s grant', async () => {
    await menu('Access explainer').click();
    await title('Access explainer').waitFor();
    await screenshot('13-explainer');

    await choose(/^API key/, apiKey.slice(0, 12), `${KEY_NAME} (${apiKey.slice(0, 12)}…)`);
    await choose(/^Model/, 'globex', MODEL);
    const { verdict, reasons } = await explain();
    expect(verdict).toBe('Allowed');
    expect(reasons).toEqual([
      '✓ PRINCIPAL_ACTIVE',
      '✓ KEY_VALID',
      '✓ MODEL_FOUND',
      '✓ KEY_SCOPE_ALLOWS_MODEL',
      '✓ GRANTED_VIA_APPLICATION',
    ]);
    await page
      .getByText(`API key ${KEY_NAME} (${apiKey.slice(0, 12)}…), acting as application ${APP},`)
      .waitFor();
    await expectNoKeyInPage();
    await screenshot('14-explainer-key-allowed');

    // A person, through their group.
    await page.getByRole('radio', { name: 'A user or an application' }).check();
    await page.getByRole('radio', { name: 'User', exact: true }).check();
    await choose(/^User/, 'hank', `${USER_DISPLAY} (${USER_NAME})`);
    const user = await explain();
    expect(user.verdict).toBe('Allowed');
    expect(user.reasons).toEqual(['✓ PRINCIPAL_ACTIVE', '✓ MODEL_FOUND', '✓ GRANTED_VIA_GROUP']);
    await screenshot('15-explainer-user-allowed');
  });

  it('revokes the key after confirmation', async () => {
    await menu('API keys').click();
    const row = page.getByRole('row', { name: new RegExp(KEY_NAME) });
    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(`Revoke the API key "${KEY_NAME}"?`).waitFor();
    await screenshot('16-key-revoke-confirm');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await notified('API key revoked');
    await row.getByText('revoked', { exact: true }).waitFor();
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await expectNoKeyInPage();
    await screenshot('17-key-revoked');
  });

  it('explains the revoked key: denied with KEY_REVOKED', async () => {
    // The name cell: the owner and tenant cells hold links of their own.
    await page
      .getByRole('row', { name: new RegExp(KEY_NAME) })
      .getByRole('cell')
      .first()
      .click();
    await title(`API key ${KEY_NAME}`).waitFor();
    await page.getByRole('link', { name: 'Explain access' }).click();
    // Opened from the key: it is already chosen.
    await showsValue(/^API key/, `${KEY_NAME} (${apiKey.slice(0, 12)}…) · revoked`);
    await choose(/^Model/, 'globex', MODEL);
    const { verdict, reasons } = await explain();
    expect(verdict).toBe('Denied');
    expect(reasons).toContain('✗ KEY_REVOKED');
    expect(reasons).toContain('✓ GRANTED_VIA_APPLICATION');
    expect(reasons).not.toContain('✓ KEY_VALID');
    await page.getByText(`API key ${apiKey.slice(0, 12)} has been revoked.`).waitFor();
    await expectNoKeyInPage();
    await screenshot('18-explainer-key-denied');
  });

  it('removes the application’s grant after confirmation', async () => {
    await menu('Grants').click();
    const row = page.getByRole('row', { name: new RegExp(APP) });
    await row.getByRole('button', { name: 'Remove' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('Remove this grant?').waitFor();
    await screenshot('19-grant-remove-confirm');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await notified('Grant removed');
    await expect.poll(() => row.count()).toBe(0);
    await page.getByRole('row', { name: new RegExp(GROUP) }).waitFor();
    await screenshot('20-grants-after-remove');

    // The application now holds no grant of its own.
    await menu('Applications').click();
    await page
      .getByRole('row', { name: new RegExp(APP) })
      .getByRole('cell')
      .first()
      .click();
    await title(`Application ${APP}`).waitFor();
    await page.getByText('No model is granted to this application directly.').waitFor();
    await page
      .getByRole('row', { name: new RegExp(KEY_NAME) })
      .getByText('revoked', { exact: true })
      .waitFor();
    await expectNoKeyInPage();
    await screenshot('21-app-show-after');

    expect(pageErrors).toEqual([]);
  });
});
