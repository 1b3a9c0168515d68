import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const startScript = fileURLToPath(new URL('../scripts/start.mjs', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-stack-'));

/** Every `npm start` of this file: one a failed or timed-out test left running is stopped here. */
const started: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(
    started
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map(async (child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }),
  );
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
  /** Resolves with the first line of `npm start`'s output (so far or to come) that matches. */
  waitForOutput(match: (line: string) => boolean): Promise<string>;
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
  started.push(child);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  const lines: string[] = [];
  const output = new EventEmitter();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    output.emit('line', line);
  });
  const waitForOutput = (match: (line: string) => boolean): Promise<string> => {
    const seen = lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const onLine = (line: string): void => {
        if (match(line)) {
          output.off('line', onLine);
          resolve(line);
        }
      };
      output.on('line', onLine);
      void exited.then(() => {
        output.off('line', onLine);
        reject(
          new Error(`npm start exited before the expected line; output was:\n${lines.slice(-40).join('\n')}`),
        );
      });
    });
  };
  await waitForOutput((line) => line.includes('Portcullis is running'));
  return {
    process: child,
    waitForOutput,
    controlPlane: `http://127.0.0.1:${controlPlanePort}`,
    dataPlane: `http://127.0.0.1:${dataPlanePort}`,
    exited,
  };
}

async function enrollmentTokens(stack: Stack, token: string): Promise<{ name: string; status: string }[]> {
  const response = await fetch(`${stack.controlPlane}/api/v1/enrollment-tokens`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { name: string; status: string }[]).map(({ name, status }) => ({
    name,
    status,
  }));
}

describe('npm start', () => {
  it('runs both planes and the console, enrolls the data plane, stops on Ctrl-C, and keeps data for the next start', async () => {
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

      // Ready because it enrolled with a token npm start minted, and synced a config that carries
      // the change (a fresh database has no revision before its first change).
      await first.waitForOutput((line) => line.startsWith('portcullis: data plane ready'));
      expect((await fetch(`${first.dataPlane}/readyz`)).status).toBe(200);
      expect(existsSync(join(dataDir, 'data-plane', 'node.json'))).toBe(true);
      expect(await enrollmentTokens(first, token)).toEqual([{ name: 'local node', status: 'used' }]);
    } finally {
      first.process.kill('SIGINT');
    }
    expect(await first.exited).toBe(0);

    const second = await npmStart();
    try {
      // From its identity and config on disk: no second token.
      await second.waitForOutput((line) => line.startsWith('portcullis: data plane ready'));
      expect((await fetch(`${second.dataPlane}/readyz`)).status).toBe(200);
      expect(await enrollmentTokens(second, token)).toEqual([{ name: 'local node', status: 'used' }]);
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
