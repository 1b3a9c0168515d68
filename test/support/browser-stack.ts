import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, waitForLine, type TestDatabase } from '@portcullis/testing';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { inject } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const controlPlaneMain = join(repoRoot, 'apps/control-plane/dist/main.js');
const consoleIndex = join(repoRoot, 'apps/console/dist/index.html');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LISTENING = 'control plane listening on ';
const UI_TIMEOUT_MS = 15_000;

/** A built control plane on its own database, and Debian's chromium looking at its console. */
export interface BrowserStack {
  baseUrl: string;
  adminToken: string;
  /** The control plane's own database, for arranging what no admin route can (a test's last resort). */
  databaseUrl: string;
  resultsDir: string;
  browser: Browser;
  page: Page;
  /** Uncaught errors of the page: a test ends by expecting none. */
  pageErrors: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The admin API as the break-glass admin, called from the page (same origin), for arranging and
 * checking what a browser test does through the UI.
 */
export function adminApi(
  page: Page,
  adminToken: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ([m, p, b, t]) => {
      const response = await fetch(p, {
        method: m,
        headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await response.text();
      return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
    },
    [method, path, body, adminToken] as const,
  );
}

/** Reads the listening URL from one pino JSON line, if this is that line. */
function listeningUrl(line: string): string | undefined {
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
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<boolean>((resolve) => {
    child.once('exit', () => {
      resolve(true);
    });
  });
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

/**
 * Starts `apps/control-plane/dist/main.js` on a database of its own (so a test sees only its own
 * changes and the development IdP's demo tenant), then chromium at 1280×800. Screenshots and the
 * control plane's log land in `test-results/<name>/` for a human to review.
 */
export async function startBrowserStack(
  name: string,
  contextOptions: BrowserContextOptions = {},
  grantClipboard = false,
): Promise<BrowserStack> {
  for (const [what, file] of [
    ['control plane', controlPlaneMain],
    ['console', consoleIndex],
  ] as const) {
    if (!existsSync(file))
      throw new Error(`The ${what} is not built (${file} is missing): run \`npm run build\``);
  }
  const resultsDir = join(repoRoot, 'test-results', name);
  mkdirSync(resultsDir, { recursive: true });
  const adminToken = randomBytes(32).toString('base64url');

  const serverUrl = new URL(inject('databaseUrl'));
  serverUrl.pathname = '/postgres';
  const database: TestDatabase = await createTestDatabase(serverUrl.toString());
  const controlPlane = spawn(process.execPath, [controlPlaneMain], {
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
  const log = createWriteStream(join(resultsDir, 'control-plane.log'));
  stdout.pipe(log);
  stderr.pipe(log);
  const baseUrl = await waitForLine(stdout, listeningUrl);
  // waitForLine stops reading when it has its line; keep draining so the child never blocks.
  stdout.resume();

  const browser = await chromium.launch({
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  if (grantClipboard)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  return {
    baseUrl,
    adminToken,
    databaseUrl: database.url,
    resultsDir,
    browser,
    page,
    pageErrors,
    async screenshot(shot: string) {
      // Finished transitions: a dialog or snackbar is captured fully shown, not halfway through fading in.
      await page.screenshot({
        path: join(resultsDir, `${shot}.png`),
        fullPage: true,
        animations: 'disabled',
      });
    },
    async close() {
      await browser.close();
      await stop(controlPlane);
      await database.drop();
    },
  };
}
