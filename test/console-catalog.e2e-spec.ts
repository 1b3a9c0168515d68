import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserStack, type BrowserStack } from './support/browser-stack.js';

// The console's catalog and provisioning screens in a real browser against the built control
// plane, signed in with the break-glass token: a global provider with an API key that is never
// shown again (only its last 4 characters), a model with a deployment on it, server and client
// field errors in the model form (a taken alias, a negative weight, a provider deleted meanwhile
// on `deployments.0.providerId`), a provider in use that cannot be deleted until its model is,
// and a SCIM token shown once, working, then revoked. Screenshots land in test-results/console-catalog/ for a human to
// review.

const PROVIDER = 'Mock (global)';
const PROVIDER_URL = 'https://mock.example.test/v1';
// Random, so that finding it anywhere on a page can only mean it leaked.
const API_KEY = `sk-test-${randomBytes(18).toString('base64url')}`;
const LAST4 = API_KEY.slice(-4);
const MODEL = 'gpt-4o-mini';
const TENANT = 'Acme (demo)';

let stack: BrowserStack | undefined;
let page: Page;
let baseUrl: string;
let adminToken: string;
let pageErrors: string[] = [];

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

/** The page title in the app bar (exact: "Edit provider X" must not pass for "Provider X"). */
const title = (text: string) => page.getByText(text, { exact: true }).first();

const notified = async (text: string): Promise<void> => {
  await page.getByText(text).first().waitFor();
};

/** The helper text MUI shows under an input (where react-admin puts validation errors). */
const helperTextOf = async (inputName: string): Promise<string> => {
  const describedBy = await page.locator(`input[name="${inputName}"]`).getAttribute('aria-describedby');
  if (!describedBy) return '';
  return (await page.locator(`[id="${describedBy}"]`).textContent()) ?? '';
};

const invalidInput = (inputName: string) => page.locator(`input[name="${inputName}"][aria-invalid="true"]`);

/** Picks `option` in the MUI select labelled `label`. */
const select = async (label: RegExp | string, option: RegExp | string): Promise<void> => {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
};

/** Types into a react-admin autocomplete and picks the suggestion named `option`. */
const choose = async (label: RegExp | string, search: string, option: RegExp | string): Promise<void> => {
  const combobox = page.getByRole('combobox', { name: label });
  await combobox.click();
  await combobox.fill(search);
  await page.getByRole('option', { name: option }).click();
};

/** The admin API as the break-glass admin, from the page (same origin). */
const api = async (
  method: string,
  path: string,
  body?: unknown,
  token = adminToken,
): Promise<{ status: number; text: string }> =>
  page.evaluate(
    async ([m, p, b, t]) => {
      const response = await fetch(p, {
        method: m,
        headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: response.status, text: await response.text() };
    },
    [method, path, body, token] as const,
  );

describe('console catalog and SCIM tokens (browser)', () => {
  beforeAll(async () => {
    stack = await startBrowserStack('console-catalog', {}, true);
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
    for (const name of ['SCIM tokens', 'Providers', 'Models']) await menu(name).waitFor();
  });

  it('adds a global provider whose API key is never shown again', async () => {
    await menu('Providers').click();
    await page.getByRole('heading', { name: 'No providers yet' }).waitFor();
    await screenshot('01-providers-empty');

    await page.getByRole('link', { name: 'Add the first provider' }).click();
    await page.locator('input[name="name"]').fill(PROVIDER);
    await select(/^Type/, 'Mock');
    await page.locator('input[name="baseUrl"]').fill(PROVIDER_URL);
    const apiKey = page.locator('input[name="credentials.apiKey"]');
    expect(await apiKey.getAttribute('type')).toBe('password');
    await apiKey.fill(API_KEY);
    // Only Azure OpenAI and Bedrock have options.
    expect(await page.locator('input[name="options.apiVersion"]').count()).toBe(0);
    expect(await page.locator('input[name="options.region"]').count()).toBe(0);
    await screenshot('02-provider-create');
    await page.getByRole('button', { name: 'Save' }).click();

    await notified('Provider added');
    await title(`Provider ${PROVIDER}`).waitFor();
    await page.getByText(`Set · …${LAST4}`).waitFor();
    await page.getByText('Global (all tenants)').waitFor();
    expect(await page.content()).not.toContain(API_KEY);
    await screenshot('03-provider-show');
  });

  it('edits the provider without ever filling in the stored key', async () => {
    await page.getByRole('link', { name: 'Edit' }).click();
    await title(`Edit provider ${PROVIDER}`).waitFor();
    const apiKey = page.locator('input[name="credentials.apiKey"]');
    await apiKey.waitFor();
    expect(await apiKey.inputValue()).toBe('');
    expect(await helperTextOf('credentials.apiKey')).toContain(`keep the stored one (…${LAST4})`);
    // The type is fixed once created.
    expect(await page.getByRole('combobox', { name: /^Type/ }).getAttribute('aria-readonly')).toBe('true');
    expect(await page.content()).not.toContain(API_KEY);

    await page.locator('input[name="timeoutMs"]').fill('30000');
    await page.getByRole('button', { name: 'Save' }).and(page.locator(':enabled')).waitFor();
    await screenshot('04-provider-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await notified('Provider updated');
    await title(`Provider ${PROVIDER}`).waitFor();
    // Left empty, the key was kept.
    await page.getByText(`Set · …${LAST4}`).waitFor();

    await menu('Providers').click();
    const row = page.getByRole('row', { name: new RegExp(PROVIDER.replace(/[()]/g, '\\$&')) });
    await row.waitFor();
    expect(await row.textContent()).toContain(`Set · …${LAST4}`);
    expect(await page.content()).not.toContain(API_KEY);
    await screenshot('05-providers-list');

    // Nor does the API ever return it.
    const listed = await api('GET', '/api/v1/providers');
    expect(listed.status).toBe(200);
    expect(listed.text).toContain(LAST4);
    expect(listed.text).not.toContain(API_KEY);
  });

  it('adds a model with a deployment on the provider', async () => {
    await menu('Models').click();
    await page.getByRole('heading', { name: 'No models yet' }).waitFor();
    await screenshot('06-models-empty');

    await page.getByRole('link', { name: 'Add the first model' }).click();
    await page.locator('input[name="alias"]').fill(MODEL);
    await page.locator('textarea[name="description"]').fill('Small and fast; served by the mock provider.');
    await page.getByRole('checkbox', { name: 'Tools' }).check();
    await page.locator('input[name="contextWindow"]').fill('128000');
    await page.locator('input[name="inputPrice"]').fill('0.15');
    await page.locator('input[name="outputPrice"]').fill('0.6');
    await page.getByRole('button', { name: 'Add a deployment' }).click();
    await select(/^Provider/, `${PROVIDER} · Mock · global`);
    await page.locator('input[name="deployments.0.upstreamModel"]').fill('mock-small');
    expect(await page.locator('input[name="deployments.0.weight"]').inputValue()).toBe('1');
    expect(await page.locator('input[name="deployments.0.priority"]').inputValue()).toBe('0');
    await scrollToTop();
    await screenshot('07-model-create');
    await page.getByRole('button', { name: 'Save' }).click();

    await notified('Model added');
    await title(`Model ${MODEL}`).waitFor();
    await page
      .getByRole('row', { name: /mock-small/ })
      .getByRole('link', { name: PROVIDER })
      .waitFor();
    await page.getByText('128,000 tokens').waitFor();
    await page.getByText('$0.15').waitFor();
    await screenshot('08-model-show');

    await menu('Models').click();
    await page.getByRole('row', { name: new RegExp(MODEL) }).waitFor();
    await screenshot('09-models-list');
  });

  it('shows field errors in the model form: a negative weight, a taken alias, a provider deleted meanwhile', async () => {
    // A second provider, which someone deletes while the form is open.
    const created = await api('POST', '/api/v1/providers', {
      name: 'Short-lived',
      type: 'openai',
      baseUrl: 'https://api.openai.com/v1',
    });
    expect(created.status).toBe(201);
    const shortLived = (JSON.parse(created.text) as { id: string }).id;

    await page.getByRole('link', { name: 'Add a model' }).click();
    await page.locator('input[name="alias"]').fill(MODEL);
    await page.getByRole('button', { name: 'Add a deployment' }).click();
    await select(/^Provider/, 'Short-lived · OpenAI · global');
    await page.locator('input[name="deployments.0.upstreamModel"]').fill('gpt-4o-mini');
    await page.locator('input[name="deployments.0.weight"]').fill('-1');
    await page.getByRole('button', { name: 'Save' }).click();
    // Checked in the browser, under the input of that deployment.
    await invalidInput('deployments.0.weight').waitFor();
    expect(await helperTextOf('deployments.0.weight')).toContain('at least 0');
    await scrollToTop();
    await screenshot('10-model-bad-weight');

    await page.locator('input[name="deployments.0.weight"]').fill('2');
    expect(await api('DELETE', `/api/v1/providers/${shortLived}`)).toMatchObject({ status: 200 });
    await page.getByRole('button', { name: 'Save' }).click();
    // The server names `deployments.0.providerId`: the message lands under that deployment's provider.
    await page.getByText('no such global provider').waitFor();
    // The innermost form control holding that input (the deployments' ArrayInput is one too).
    const providerInput = page
      .locator('.MuiFormControl-root', { has: page.locator('input[name="deployments.0.providerId"]') })
      .last();
    expect(await providerInput.locator('.MuiFormHelperText-root').textContent()).toContain(
      'no such global provider',
    );
    await scrollToTop();
    await screenshot('11-model-provider-gone');

    // A row's remove button shows when the row is hovered.
    await page.locator('input[name="deployments.0.upstreamModel"]').hover();
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    // A taken alias is a CONFLICT that names the field.
    await invalidInput('alias').waitFor();
    expect(await helperTextOf('alias')).toContain(`alias "${MODEL}" is already taken`);
    await scrollToTop();
    await screenshot('12-model-alias-taken');
  });

  it('refuses to delete a provider that serves a model, after confirmation', async () => {
    await menu('Providers').click();
    await page
      .getByRole('row', { name: /Mock \(global\)/ })
      .getByRole('link', { name: 'Show' })
      .click();
    await title(`Provider ${PROVIDER}`).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Delete this provider?').waitFor();
    await screenshot('13-provider-delete-confirm');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await notified('This provider serves 1 model deployment(s)');
    await title(`Provider ${PROVIDER}`).waitFor();
    await screenshot('14-provider-in-use');
  });

  it('edits the model, then deletes it and the provider it freed', async () => {
    await menu('Models').click();
    await page
      .getByRole('row', { name: new RegExp(MODEL) })
      .getByRole('link', { name: 'Edit' })
      .click();
    await title(`Edit model ${MODEL}`).waitFor();
    const weight = page.locator('input[name="deployments.0.weight"]');
    expect(await weight.inputValue()).toBe('1');
    await weight.fill('3');
    await page.locator('input[name="deployments.0.priority"]').fill('1');
    await scrollToTop();
    await screenshot('15-model-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await notified('Model updated');
    await title(`Model ${MODEL}`).waitFor();
    const deployment = page.getByRole('row', { name: /mock-small/ });
    await deployment.getByRole('link', { name: PROVIDER }).waitFor();
    expect(await deployment.getByRole('cell').allTextContents()).toEqual([PROVIDER, 'mock-small', '1', '3']);

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByText('Delete this model?').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await notified('Model deleted');
    await page.getByRole('heading', { name: 'No models yet' }).waitFor();

    await menu('Providers').click();
    await page
      .getByRole('row', { name: /Mock \(global\)/ })
      .getByRole('link', { name: 'Show' })
      .click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await notified('Provider deleted');
    await page.getByRole('heading', { name: 'No providers yet' }).waitFor();
  });

  it('creates a SCIM token, shows it once, and never again', async () => {
    await menu('SCIM tokens').click();
    await page.getByRole('heading', { name: 'No SCIM tokens yet' }).waitFor();
    await screenshot('16-scim-tokens-empty');

    await page.getByRole('link', { name: 'Create a SCIM token' }).click();
    await choose(/^Tenant/, 'Acme', TENANT);
    await page.locator('input[name="name"]').fill('Okta provisioning');
    await screenshot('17-scim-token-create');
    await page.getByRole('button', { name: 'Save' }).click();

    const dialog = page.getByRole('dialog', { name: 'Copy your new token now' });
    await dialog.getByText('This is the only time the token is shown.').waitFor();
    const token = await dialog.getByTestId('new-token').inputValue();
    expect(token).toMatch(/^scim_/);
    expect(await dialog.getByRole('textbox', { name: 'SCIM base URL' }).inputValue()).toBe(
      `${baseUrl}/scim/v2`,
    );
    await dialog.getByRole('button', { name: 'Copy the token' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await screenshot('18-scim-token-created');

    // The token is real: the IdP may provision with it.
    expect((await api('GET', '/scim/v2/Users', undefined, token)).status).toBe(200);

    await dialog.getByRole('button', { name: 'Done' }).click();
    await notified('SCIM token created. Only its prefix is shown from now on.');
    const row = page.getByRole('row', { name: /Okta provisioning/ });
    await row.waitFor();
    await row.getByText(TENANT).waitFor();
    expect(await row.textContent()).toContain(token.slice(0, 12));
    expect(await page.content()).not.toContain(token);
    await screenshot('19-scim-tokens-list');

    // Nor after a reload.
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(token);

    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('Revoke the SCIM token "Okta provisioning"?').waitFor();
    await screenshot('20-scim-token-revoke-confirm');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await notified('SCIM token revoked');
    await row.getByText('revoked', { exact: true }).waitFor();
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await screenshot('21-scim-token-revoked');
    expect((await api('GET', '/scim/v2/Users', undefined, token)).status).toBe(401);

    expect(pageErrors).toEqual([]);
  });
});
