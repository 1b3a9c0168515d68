import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForLine } from '@portcullis/testing';
import { afterAll, describe, expect, it } from 'vitest';

const startScript = fileURLToPath(new URL('../scripts/start.mjs', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-stack-'));

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  });
}

interface Stack {
  process: ChildProcess;
  controlPlane: string;
  dataPlane: string;
  exited: Promise<number | null>;
}

/** `npm start` as a newcomer runs it: no DATABASE_URL, no REDIS_URL, no admin token. */
async function npmStart(): Promise<Stack> {
  const [controlPlanePort, dataPlanePort] = [await freePort(), await freePort()];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    CONTROL_PLANE_PORT: String(controlPlanePort),
    DATA_PLANE_PORT: String(dataPlanePort),
    PORTCULLIS_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [startScript], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  await waitForLine(child.stdout, (line) => (line.includes('Portcullis is running') ? true : undefined));
  child.stdout.resume();
  return {
    process: child,
    controlPlane: `http://127.0.0.1:${controlPlanePort}`,
    dataPlane: `http://127.0.0.1:${dataPlanePort}`,
    exited,
  };
}

describe('npm start', () => {
  it('runs both planes and the console, stops on Ctrl-C, and keeps data for the next start', async () => {
    const first = await npmStart();
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    try {
      expect((await fetch(`${first.controlPlane}/healthz`)).status).toBe(200);
      expect((await fetch(`${first.dataPlane}/healthz`)).status).toBe(200);
      const consolePage = await fetch(`${first.controlPlane}/`);
      expect(consolePage.status).toBe(200);
      expect(await consolePage.text()).toContain('<div id="root">');

      const created = await fetch(`${first.controlPlane}/api/v1/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ slug: 'kept', name: 'Kept across restarts' }),
      });
      expect(created.status).toBe(201);
    } finally {
      first.process.kill('SIGINT');
    }
    expect(await first.exited).toBe(0);

    const second = await npmStart();
    try {
      const list = await fetch(`${second.controlPlane}/api/v1/tenants`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await list.json()) as { slug: string }[]).map((tenant) => tenant.slug)).toEqual([
        'acme',
        'kept',
      ]);
    } finally {
      second.process.kill('SIGINT');
    }
    expect(await second.exited).toBe(0);
  });
});
