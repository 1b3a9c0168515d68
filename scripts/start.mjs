#!/usr/bin/env node
// `npm start`: builds what is missing, then runs the control plane and, once it is healthy, one
// data-plane node enrolled with it (decision 0010), prints their URLs, and stops both cleanly on
// Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env };
const controlPlanePort = env.CONTROL_PLANE_PORT ?? '8080';
const dataPlanePort = env.DATA_PLANE_PORT ?? '8081';
const dataDir = resolve(env.PORTCULLIS_DATA_DIR ?? '.portcullis');
const dataPlaneDataDir = resolve(env.DATA_PLANE_DATA_DIR ?? join(dataDir, 'data-plane'));
const controlPlane = `http://127.0.0.1:${controlPlanePort}`;
const dataPlane = `http://127.0.0.1:${dataPlanePort}`;

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

async function get(url) {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(1000) });
  } catch {
    return undefined;
  }
}

async function healthy(url) {
  return (await get(url))?.ok === true;
}

/** Polls until `check` passes; false if `npm start` is stopping first. */
async function until(check) {
  for (;;) {
    if (stopping) return false;
    if (await check()) return true;
    await delay(250);
  }
}

function adminToken() {
  if (env.PORTCULLIS_ADMIN_TOKEN) return env.PORTCULLIS_ADMIN_TOKEN;
  try {
    return readFileSync(join(dataDir, 'admin-token'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What the data plane needs to enroll: nothing when it already has an identity (node.json) or the
 * caller gave it a token; else a fresh one-use token minted with the admin token. Undefined when
 * no token can be had: the data plane then runs without a control plane (and says so).
 */
async function enrollmentEnv() {
  if (
    existsSync(join(dataPlaneDataDir, 'node.json')) ||
    env.DATA_PLANE_ENROLLMENT_TOKEN ||
    env.DATA_PLANE_ENROLLMENT_TOKEN_FILE
  ) {
    return {};
  }
  const token = adminToken();
  if (token === undefined) {
    console.error(
      'portcullis: cannot enroll the data plane: set PORTCULLIS_ADMIN_TOKEN (or DATA_PLANE_ENROLLMENT_TOKEN); ' +
        'it runs without configuration until then',
    );
    return undefined;
  }
  const response = await fetch(`${controlPlane}/api/v1/enrollment-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'local node' }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status !== 201 || typeof body.token !== 'string') {
    throw new Error(
      `creating an enrollment token failed (${response.status}${body.error?.message ? `: ${body.error.message}` : ''})`,
    );
  }
  return { DATA_PLANE_ENROLLMENT_TOKEN: body.token };
}

async function readiness() {
  const response = await get(`${dataPlane}/readyz`);
  if (response === undefined) return { ready: false };
  const body = await response.json().catch(() => ({}));
  return { ready: response.status === 200, message: body.checks?.config?.message };
}

async function main() {
  launch('control plane', 'apps/control-plane/dist/main.js', {
    CONTROL_PLANE_PORT: controlPlanePort,
    PORTCULLIS_DATA_DIR: dataDir,
  });
  if (!(await until(() => healthy(`${controlPlane}/healthz`)))) return;

  let enrollment;
  try {
    enrollment = await enrollmentEnv();
  } catch (err) {
    console.error(`portcullis: ${err.message}; stopping`);
    stop(1);
    return;
  }
  if (stopping) return;
  const dataPlaneEnv = {
    DATA_PLANE_PORT: dataPlanePort,
    DATA_PLANE_DATA_DIR: dataPlaneDataDir,
    ...(enrollment === undefined
      ? { CONTROL_PLANE_URL: '' }
      : { CONTROL_PLANE_URL: env.CONTROL_PLANE_URL ?? controlPlane, ...enrollment }),
  };
  launch('data plane', 'apps/data-plane/dist/main.js', dataPlaneEnv);
  if (!(await until(() => healthy(`${dataPlane}/healthz`)))) return;

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
  if (enrollment === undefined) return;
  // The data plane answers /v1 once it holds a config: from disk at once after the first start,
  // else when the control plane has sent it one.
  let state;
  if (await until(async () => (state = await readiness()).ready)) {
    console.log(`portcullis: data plane ready (config ${state.message})`);
  }
}

void main();
