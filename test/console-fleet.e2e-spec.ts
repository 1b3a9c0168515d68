import { generateEncryptionKey, generateSigningKey } from '@portcullis/signing';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, startBrowserStack, type BrowserStack } from './support/browser-stack.js';

// The console's fleet pages in a real browser against the built control plane, signed in with the
// break-glass token: an enrollment token created through the console (shown once with the command
// that starts a node, then only its prefix), a node enrolled with it through the real enrollment
// endpoint, the node in the list with the status the API gives it and the rollout of the current
// revision, the node revoked after confirmation, a second token revoked after confirmation, and
// the signing key rotated, then promoted, after confirmations. Screenshots land in
// test-results/console-fleet/ for a human to review.

const TOKEN_NAME = 'edge eu-west-1a';
const OTHER_TOKEN_NAME = 'spare token';
const NODE_NAME = 'gateway-eu-1';
const NODE_VERSION = '0.1.0';

let stack: BrowserStack | undefined;
let page: Page;
let baseUrl: string;
let adminToken: string;
let pageErrors: string[] = [];
/** The new enrollment token, seen once in its dialog: finding it on any later page means it leaked. */
let enrollmentToken = '';
let nodeId = '';

const screenshot = async (shot: string): Promise<void> => {
  await stack?.screenshot(shot);
};

const menu = (name: string) => page.getByRole('menuitem', { name });

/** The page title in the app bar. */
const title = (text: string) => page.getByText(text, { exact: true }).first();

const notified = async (text: string): Promise<void> => {
  await page.getByText(text).first().waitFor();
};

const expectNoTokenInPage = async (): Promise<void> => {
  expect(enrollmentToken).not.toBe('');
  expect(await page.content()).not.toContain(enrollmentToken);
};

/** The admin API as the break-glass admin, from the page (same origin). */
const api = (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> =>
  adminApi(page, adminToken, method, path, body);

interface ApiNode {
  status: string;
  appliedRevision: number;
  remoteAddress: string | null;
}

interface ApiSigningKey {
  kid: string;
  status: string;
}

const signingKeys = async (): Promise<ApiSigningKey[]> => {
  const response = await api('GET', '/api/v1/signing-keys');
  expect(response.status).toBe(200);
  return response.json as ApiSigningKey[];
};

/** A signing key's row, found by the shortened key id the list shows. */
const keyRow = (kid: string) => page.getByRole('row', { name: new RegExp(`${kid.slice(0, 16)}…`) });

describe('console data-plane nodes, enrollment tokens and signing keys (browser)', () => {
  beforeAll(async () => {
    stack = await startBrowserStack('console-fleet', {}, true);
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
    for (const name of ['Data-plane nodes', 'Enrollment tokens', 'Signing keys']) await menu(name).waitFor();
  });

  it('shows the empty nodes list', async () => {
    await menu('Data-plane nodes').click();
    await page.getByRole('heading', { name: 'No data-plane nodes yet' }).waitFor();
    await screenshot('01-nodes-empty');
  });

  it('creates an enrollment token, shown once with the command that starts a node', async () => {
    await menu('Enrollment tokens').click();
    await page.getByRole('heading', { name: 'No enrollment tokens yet' }).waitFor();
    await screenshot('02-tokens-empty');

    await page.getByRole('link', { name: 'Create an enrollment token' }).click();
    await page.locator('input[name="name"]').fill(TOKEN_NAME);
    expect(await page.locator('input[name="expiresInHours"]').inputValue()).toBe('24');
    await page.locator('input[name="expiresInHours"]').fill('48');
    await screenshot('03-token-create');
    await page.getByRole('button', { name: 'Save' }).click();

    const dialog = page.getByRole('dialog', { name: 'Copy your new enrollment token now' });
    await dialog.getByText('This is the only time the token is shown.').waitFor();
    enrollmentToken = await dialog.getByTestId('new-enrollment-token').inputValue();
    expect(enrollmentToken).toMatch(/^pen_[0-9A-Za-z]{43}$/);
    expect(await dialog.getByTestId('start-node-command').inputValue()).toBe(
      `DATA_PLANE_ENROLLMENT_TOKEN=${enrollmentToken} CONTROL_PLANE_URL=${baseUrl} node apps/data-plane/dist/main.js`,
    );
    await dialog.getByRole('button', { name: 'Copy the enrollment token' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(enrollmentToken);
    await screenshot('04-token-created');

    await dialog.getByRole('button', { name: 'Done' }).click();
    await notified('Enrollment token created. Only its prefix is shown from now on.');
    await title('Enrollment tokens').waitFor();
    const row = page.getByRole('row', { name: new RegExp(TOKEN_NAME) });
    await row.getByText('active', { exact: true }).waitFor();
    const listed = await api('GET', '/api/v1/enrollment-tokens');
    const prefix = (listed.json as { prefix: string }[])[0]?.prefix ?? '';
    expect(enrollmentToken.startsWith(prefix)).toBe(true);
    expect(await row.textContent()).toContain(`${prefix}…`);
    expect(JSON.stringify(listed.json)).not.toContain(enrollmentToken);
    await expectNoTokenInPage();
    await screenshot('05-tokens-list');

    // Nor after a reload.
    await page.reload();
    await row.getByText('active', { exact: true }).waitFor();
    await expectNoTokenInPage();
  });

  it('enrolls a node with the token; the token is then used by it', async () => {
    const [signing, encryption] = await Promise.all([generateSigningKey(), generateEncryptionKey()]);
    const response = await fetch(`${baseUrl}/dataplane/v1/enroll`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        token: enrollmentToken,
        name: NODE_NAME,
        version: NODE_VERSION,
        signingKey: signing.publicJwk,
        encryptionKey: encryption.publicJwk,
      }),
    });
    const body = (await response.json()) as { nodeId: string };
    expect(response.status, JSON.stringify(body)).toBe(201);
    nodeId = body.nodeId;

    await page.reload();
    const row = page.getByRole('row', { name: new RegExp(TOKEN_NAME) });
    await row.getByText('used', { exact: true }).waitFor();
    await row.getByRole('link', { name: NODE_NAME }).waitFor();
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await expectNoTokenInPage();
    await screenshot('06-token-used');
  });

  it('lists the node with the status the API gives it, and the rollout of the current revision', async () => {
    const node = (await api('GET', `/api/v1/nodes/${nodeId}`)).json as ApiNode;
    // It never polled for config: not live.
    expect(node.status).toBe('stale');
    expect(node.appliedRevision).toBe(0);
    const rollout = (await api('GET', '/api/v1/nodes/rollout')).json as {
      revision: number;
      liveNodes: number;
      appliedNodes: number;
    };
    expect(rollout.liveNodes).toBe(0);

    await menu('Data-plane nodes').click();
    const row = page.getByRole('row', { name: new RegExp(NODE_NAME) });
    await row.getByText(node.status, { exact: true }).waitFor();
    const text = await row.textContent();
    expect(text).toContain(NODE_VERSION);
    expect(text).toContain('None yet');
    expect(text).toContain('Never');
    await page
      .getByTestId('rollout')
      .getByText(`Revision ${String(rollout.revision)} applied by 0/0 live nodes`, { exact: true })
      .waitFor();
    await screenshot('07-nodes-list');

    // Filtered by status: a stale node is not live.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: /^Live/ }).click();
    await page.getByText('No data-plane nodes match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await row.waitFor();

    await row.getByRole('cell').first().click();
    await title(`Node ${NODE_NAME}`).waitFor();
    await page.getByText(nodeId).waitFor();
    // Recorded at enrollment: where the node called from.
    await page.getByText(node.remoteAddress ?? 'Unknown', { exact: true }).waitFor();
    await screenshot('08-node-show');
  });

  it('revokes the node after a confirmation that says it is refused at once', async () => {
    await menu('Data-plane nodes').click();
    const row = page.getByRole('row', { name: new RegExp(NODE_NAME) });
    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(`Revoke the node "${NODE_NAME}"?`).waitFor();
    await confirm.getByText(/The node is refused at once/).waitFor();
    await screenshot('09-node-revoke-confirm');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await notified('Node revoked');
    await row.getByText('revoked', { exact: true }).waitFor();
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    const node = (await api('GET', `/api/v1/nodes/${nodeId}`)).json as { status: string; revokedAt: unknown };
    expect(node.status).toBe('revoked');
    expect(node.revokedAt).not.toBeNull();
    await screenshot('10-node-revoked');
  });

  it('revokes an unused enrollment token after confirmation', async () => {
    const created = await api('POST', '/api/v1/enrollment-tokens', { name: OTHER_TOKEN_NAME });
    expect(created.status).toBe(201);
    await menu('Enrollment tokens').click();
    const row = page.getByRole('row', { name: new RegExp(OTHER_TOKEN_NAME) });
    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(`Revoke the enrollment token "${OTHER_TOKEN_NAME}"?`).waitFor();
    await screenshot('11-token-revoke-confirm');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await notified('Enrollment token revoked');
    await row.getByText('revoked', { exact: true }).waitFor();
    const { id } = created.json as { id: string };
    expect(((await api('GET', `/api/v1/enrollment-tokens/${id}`)).json as { status: string }).status).toBe(
      'revoked',
    );
    await screenshot('12-tokens-after-revoke');
  });

  it('rotates the signing key after confirmation: a next key appears', async () => {
    const [first] = await signingKeys();
    expect(first?.status).toBe('active');
    const firstKid = first?.kid ?? '';

    await menu('Signing keys').click();
    await keyRow(firstKid).getByText('active', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Promote' }).isDisabled()).toBe(true);
    await screenshot('13-signing-keys');

    await page.getByRole('button', { name: 'Rotate' }).click();
    const confirm = page.getByRole('dialog', { name: 'Add a next signing key?' });
    await confirm.getByText(/Rotation has two steps/).waitFor();
    await screenshot('14-rotate-confirm');
    await confirm.getByRole('button', { name: 'Rotate' }).click();
    await notified('Next signing key added');

    const keys = await signingKeys();
    const next = keys.find((key) => key.status === 'next');
    expect(next).toBeDefined();
    await keyRow(next?.kid ?? '')
      .getByText('next', { exact: true })
      .waitFor();
    await keyRow(firstKid).getByText('active', { exact: true }).waitFor();
    await screenshot('15-rotated');
  });

  it('promotes the next key after confirmation: it is active, the old one retired', async () => {
    const before = await signingKeys();
    const nextKid = before.find((key) => key.status === 'next')?.kid ?? '';
    const activeKid = before.find((key) => key.status === 'active')?.kid ?? '';

    await page.getByRole('button', { name: 'Promote' }).click();
    const confirm = page.getByRole('dialog', { name: 'Sign with the next key from now on?' });
    await confirm.getByText(/after every live node has applied the revision that announced it/).waitFor();
    await screenshot('16-promote-confirm');
    await confirm.getByRole('button', { name: 'Promote' }).click();
    await notified('Next key promoted');

    await keyRow(nextKid).getByText('active', { exact: true }).waitFor();
    await keyRow(activeKid).getByText('retired', { exact: true }).waitFor();
    const after = await signingKeys();
    expect(after.find((key) => key.kid === nextKid)?.status).toBe('active');
    expect(after.find((key) => key.kid === activeKid)?.status).toBe('retired');
    expect(await page.getByRole('button', { name: 'Promote' }).isDisabled()).toBe(true);
    await screenshot('17-promoted');

    expect(pageErrors).toEqual([]);
  });
});
