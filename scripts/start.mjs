#!/usr/bin/env node
// `npm start`: builds what is missing, then runs the control plane and one data-plane node with
// the embedded defaults, prints their URLs, and stops both cleanly on Ctrl-C.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env };
const controlPlanePort = env.CONTROL_PLANE_PORT ?? '8080';
const dataPlanePort = env.DATA_PLANE_PORT ?? '8081';
const dataDir = resolve(env.PORTCULLIS_DATA_DIR ?? '.portcullis');

for (const [name, value] of [
  ['CONTROL_PLANE_PORT', controlPlanePort],
  ['DATA_PLANE_PORT', dataPlanePort],
]) {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    console.error(`portcullis: ${name} must be a port number from 1 to 65535 (got "${value}")`);
    process.exit(1);
  }
}

build({ console: !process.argv.includes('--no-console') });

const children = new Map();
let stopping = false;

function launch(name, entry, extraEnv) {
  const child = spawn(process.execPath, [join(root, entry)], {
    cwd: process.cwd(),
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(
        `portcullis: the ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest`,
      );
      stop(code === 0 || code === null ? 1 : code);
    } else if (children.size === 0) {
      process.exit(process.exitCode ?? 0);
    }
  });
  return child;
}

function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = exitCode;
  if (children.size === 0) process.exit(exitCode);
  for (const child of children.values()) child.kill('SIGTERM');
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

launch('control plane', 'apps/control-plane/dist/main.js', {
  CONTROL_PLANE_PORT: controlPlanePort,
  PORTCULLIS_DATA_DIR: dataDir,
});
launch('data plane', 'apps/data-plane/dist/main.js', {
  DATA_PLANE_PORT: dataPlanePort,
  DATA_PLANE_DATA_DIR: env.DATA_PLANE_DATA_DIR ?? join(dataDir, 'data-plane'),
  CONTROL_PLANE_URL: env.CONTROL_PLANE_URL ?? `http://127.0.0.1:${controlPlanePort}`,
});

async function healthy(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function announceWhenUp() {
  const controlPlane = `http://127.0.0.1:${controlPlanePort}`;
  const dataPlane = `http://127.0.0.1:${dataPlanePort}`;
  for (;;) {
    if (stopping) return;
    if ((await healthy(`${controlPlane}/healthz`)) && (await healthy(`${dataPlane}/healthz`))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const tokenHint = env.PORTCULLIS_ADMIN_TOKEN
    ? 'the PORTCULLIS_ADMIN_TOKEN you set'
    : env.DATABASE_URL
      ? 'set PORTCULLIS_ADMIN_TOKEN to sign in'
      : `the token in ${join(dataDir, 'admin-token')}`;
  console.log(
    [
      '',
      'Portcullis is running',
      `  console and admin API  ${controlPlane}/          (sign in with ${tokenHint})`,
      `  admin API docs         ${controlPlane}/api/docs`,
      `  data plane (LLM API)   ${dataPlane}/v1`,
      'Press Ctrl-C to stop both.',
      '',
    ].join('\n'),
  );
}

void announceWhenUp();
