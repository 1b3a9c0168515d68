import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, waitForLine, type TestDatabase } from '@portcullis/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// The console in a real browser against the built control plane: sign in with the break-glass
// token, an empty tenant list, create / edit a tenant, server-side field errors, delete with
// confirmation, sign out.
// Screenshots land in test-results/console/ for a human to review.

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const controlPlaneMain = join(repoRoot, 'apps/control-plane/dist/main.js');
const consoleIndex = join(repoRoot, 'apps/console/dist/index.html');
const resultsDir = join(repoRoot, 'test-results', 'console');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const adminToken = randomBytes(32).toString('base64url'); // 43 characters
const LISTENING = 'control plane listening on ';
const UI_TIMEOUT_MS = 15_000;

let database: TestDatabase | undefined;
let controlPlane: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let baseUrl: string;
const pageErrors: string[] = [];

/** Reads the listening URL from one pino JSON line, if this is that line. */
const listeningUrl = (line: string): string | undefined => {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null || !('msg' in entry) || typeof entry.msg !== 'string') {
    return undefined;
  }
  const at = entry.msg.indexOf(LISTENING);
  return at === -1 ? undefined : entry.msg.slice(at + LISTENING.length).trim();
};

const screenshot = async (name: string): Promise<void> => {
  // Finished transitions: a dialog or snackbar is captured fully shown, not halfway through fading in.
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true, animations: 'disabled' });
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
    for (const [what, file] of [
      ['control plane', controlPlaneMain],
      ['console', consoleIndex],
    ] as const) {
      if (!existsSync(file))
        throw new Error(`The ${what} is not built (${file} is missing): run \`npm run build\``);
    }
    mkdirSync(resultsDir, { recursive: true });

    // Its own database: the test expects an empty tenant list, whatever other specs of the run create.
    const serverUrl = new URL(inject('databaseUrl'));
    serverUrl.pathname = '/postgres';
    database = await createTestDatabase(serverUrl.toString());

    controlPlane = spawn(process.execPath, [controlPlaneMain], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        REDIS_URL: inject('redisUrl'),
        REDIS_PREFIX: inject('redisPrefix'),
        CONTROL_PLANE_HOST: '127.0.0.1',
        CONTROL_PLANE_PORT: '0',
        PORTCULLIS_ADMIN_TOKEN: adminToken,
        PORTCULLIS_MASTER_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { stdout, stderr } = controlPlane;
    if (!stdout || !stderr) throw new Error('the control plane was spawned without pipes');
    const log = createWriteStream(join(resultsDir, 'control-plane.log'));
    stdout.pipe(log);
    stderr.pipe(log);
    baseUrl = await waitForLine(stdout, listeningUrl);
    // waitForLine pauses the stream when it closes its reader; keep draining into the log so the
    // child never blocks on a full pipe.
    stdout.resume();

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    const child = controlPlane;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<boolean>((resolve) =>
        child.once('exit', () => {
          resolve(true);
        }),
      );
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, 10_000);
      });
      const stopped = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (!stopped) child.kill('SIGKILL');
    }
    await database?.drop();
  });

  it('refuses a wrong admin token', async () => {
    await page.goto(`${baseUrl}/`);
    const tokenInput = page.getByLabel('Admin token');
    await tokenInput.waitFor();
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
    await page.getByText('No tenants yet. Create the first one').waitFor();
    await screenshot('03-dashboard');

    const stored = await page.evaluate(() => ({
      session: Object.values(sessionStorage) as string[],
      local: JSON.stringify(localStorage),
    }));
    expect(stored.session).toContain(adminToken);
    expect(stored.local).not.toContain(adminToken);
  });

  it('shows the empty tenant list with what to do next', async () => {
    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    await page.getByRole('heading', { name: 'No tenants yet' }).waitFor();
    await screenshot('04-tenants-empty');
  });

  it('creates a tenant and lists it', async () => {
    await page.getByRole('link', { name: 'Create the first tenant' }).click();
    await page.locator('input[name="name"]').fill('Acme Corporation');
    await page.locator('input[name="slug"]').fill('acme');
    await screenshot('05-tenant-create');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByText('Tenant created').waitFor();
    await page.getByText('Tenant Acme Corporation').first().waitFor();
    await screenshot('06-tenant-show');

    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    const row = page.getByRole('row', { name: /Acme Corporation/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('acme');
    await screenshot('07-tenants-list');

    const toggleTheme = page.getByRole('button', { name: 'Toggle light/dark mode' });
    await toggleTheme.click();
    await screenshot('07b-tenants-list-dark');
    await toggleTheme.click();
  });

  it("edits a tenant's name and keeps the slug read-only", async () => {
    await page
      .getByRole('row', { name: /Acme Corporation/ })
      .getByRole('link', { name: 'Edit' })
      .click();
    const slugInput = page.locator('input[name="slug"]');
    await slugInput.waitFor();
    expect(await slugInput.getAttribute('readonly')).not.toBeNull();
    await page.locator('input[name="name"]').fill('Acme Corporation EU');
    await page.getByRole('button', { name: 'Save' }).and(page.locator(':enabled')).waitFor();
    await screenshot('08-tenant-edit');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByText('Tenant updated').waitFor();
    await page.getByText('Tenant Acme Corporation EU').first().waitFor();
  });

  it('shows the server validation error on the slug field', async () => {
    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    await page.getByRole('row', { name: /Acme Corporation EU/ }).waitFor();
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await page.locator('input[name="name"]').fill('Bad Slug Inc');
    await page.locator('input[name="slug"]').fill('Not A Slug!');
    await page.getByRole('button', { name: 'Save' }).click();

    await invalidInput('slug').waitFor();
    expect(await helperTextOf('slug')).toContain('slug must be 1-63 lowercase letters');
    expect(await invalidInput('name').count()).toBe(0);
    await screenshot('09-invalid-slug');

    // A taken slug is a CONFLICT that also names the field.
    await page.locator('input[name="slug"]').fill('acme');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('slug "acme" is already taken').waitFor();
    expect(await helperTextOf('slug')).toContain('already taken');
    await screenshot('10-duplicate-slug');
  });

  it('deletes a tenant only after confirmation', async () => {
    await page.getByRole('menuitem', { name: 'Tenants' }).click();
    await page
      .getByRole('row', { name: /Acme Corporation EU/ })
      .getByRole('link', { name: 'Show' })
      .click();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Delete this tenant?').waitFor();
    await screenshot('11-delete-confirm');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Tenant Acme Corporation EU').first().waitFor();

    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Tenant deleted').waitFor();
    await page.getByRole('heading', { name: 'No tenants yet' }).waitFor();
  });

  it('signs out and forgets the token', async () => {
    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    await page.getByLabel('Admin token').waitFor();
    await screenshot('12-signed-out');

    expect(await page.evaluate(() => Object.values(sessionStorage) as string[])).not.toContain(adminToken);
    expect(pageErrors).toEqual([]);
  });
});
