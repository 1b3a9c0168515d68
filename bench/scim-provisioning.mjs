// SCIM provisioning benchmark: not a test, not a CI gate. See bench/README.md.
//
// Starts the built control plane in this process on 127.0.0.1 (random port) against a fresh
// PostgreSQL database it creates (and drops afterwards), creates a tenant and a SCIM token, then
// provisions users and groups (with members) through /scim/v2 as an IdP would, and finally times
// `userName eq "…"` lookups, the request Okta makes before every create.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { Agent } from 'undici';

const HARD_CAP_MS = 15 * 60_000;

function intSetting(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

const USERS = intSetting('BENCH_USERS', 10_000, 1, 50_000);
const GROUPS = intSetting('BENCH_GROUPS', 500, 0, 5_000);
const MEMBERS_PER_GROUP = intSetting('BENCH_MEMBERS_PER_GROUP', 20, 0, 1_000);
const CONCURRENCY = intSetting('BENCH_CONCURRENCY', 16, 1, 64);
const LOOKUPS = intSetting('BENCH_LOOKUPS', 1_000, 1, 20_000);

const distDir = new URL('../apps/control-plane/dist/', import.meta.url);
if (!existsSync(fileURLToPath(new URL('bootstrap.js', distDir)))) {
  console.error('apps/control-plane/dist is missing: run `npx tsc -b apps/control-plane` first.');
  process.exit(1);
}
const load = (file) => import(pathToFileURL(fileURLToPath(new URL(file, distDir))).href);
const [{ startControlPlane }, { loadEnv }] = await Promise.all([
  load('bootstrap.js'),
  load('platform/config/load-env.js'),
]);

// A fresh database on the server of DATABASE_URL (or the local default), dropped at the end.
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = `portcullis_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
async function admin(sql, url = serverUrl) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
await admin(`CREATE DATABASE "${databaseName}"`);
const databaseUrl = new URL(serverUrl);
databaseUrl.pathname = `/${databaseName}`;

const adminToken = randomBytes(32).toString('base64url');
let controlPlane;
const deadline = setTimeout(() => {
  console.error(`bench exceeded its hard cap of ${HARD_CAP_MS / 60_000} minutes; stopping`);
  process.exitCode = 1;
  void cleanUp().finally(() => process.exit(1));
}, HARD_CAP_MS);

async function cleanUp() {
  clearTimeout(deadline);
  await controlPlane?.close().catch(() => undefined);
  await admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch((error) => {
    console.error(`could not drop ${databaseName}: ${error.message}`);
  });
}

const dispatcher = new Agent({ connections: CONCURRENCY + 4, keepAliveTimeout: 30_000 });

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `count` jobs with at most CONCURRENCY in flight; returns the elapsed milliseconds. */
async function inParallel(count, job) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  return performance.now() - started;
}

try {
  const env = loadEnv({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    CONTROL_PLANE_HOST: '127.0.0.1',
    CONTROL_PLANE_PORT: '0',
    DATABASE_URL: databaseUrl.toString(),
    PORTCULLIS_ADMIN_TOKEN: adminToken,
    PORTCULLIS_MASTER_KEY: randomBytes(32).toString('base64'),
    PORTCULLIS_DATA_DIR: fileURLToPath(new URL('../.portcullis/bench-scim', import.meta.url)),
  });
  controlPlane = await startControlPlane(env);
  const base = controlPlane.url;

  async function call(path, { method = 'GET', token, body } = {}) {
    const response = await fetch(`${base}${path}`, {
      method,
      dispatcher,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/scim+json',
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json; charset=utf-8' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  }
  function expectStatus(result, status, what) {
    if (result.status !== status) {
      throw new Error(`${what}: expected ${status}, got ${result.status}: ${JSON.stringify(result.body)}`);
    }
    return result.body;
  }

  const tenant = expectStatus(
    await call('/api/v1/tenants', {
      method: 'POST',
      token: adminToken,
      body: { slug: 'bench-scim', name: 'Bench' },
    }),
    201,
    'create tenant',
  );
  const { token } = expectStatus(
    await call('/api/v1/scim-tokens', {
      method: 'POST',
      token: adminToken,
      body: { tenantId: tenant.id, name: 'bench' },
    }),
    201,
    'create SCIM token',
  );

  console.log(
    `scim-provisioning: node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}, postgres ${(await admin('SHOW server_version')).rows[0].server_version}`,
  );
  console.log(
    `users ${USERS}, groups ${GROUPS} x ${MEMBERS_PER_GROUP} members, concurrency ${CONCURRENCY}, lookups ${LOOKUPS}`,
  );

  const userIds = new Array(USERS);
  const userMs = await inParallel(USERS, async (index) => {
    const userName = `user${index}@bench.example`;
    const created = expectStatus(
      await call('/scim/v2/Users', {
        method: 'POST',
        token,
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName,
          externalId: `00u${index}`,
          name: { givenName: 'User', familyName: String(index) },
          displayName: `User ${index}`,
          emails: [{ primary: true, value: userName, type: 'work' }],
          password: 'placeholder',
          active: true,
        },
      }),
      201,
      `create user ${index}`,
    );
    userIds[index] = created.id;
  });

  const groupMs = await inParallel(GROUPS, async (index) => {
    const members = [];
    for (let k = 0; k < MEMBERS_PER_GROUP && USERS > 0; k++) {
      members.push({ value: userIds[(index * MEMBERS_PER_GROUP + k) % USERS] });
    }
    expectStatus(
      await call('/scim/v2/Groups', {
        method: 'POST',
        token,
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: `Group ${index}`,
          members,
        },
      }),
      201,
      `create group ${index}`,
    );
  });

  // Sequential requests: latency without queueing, as an IdP's create-time lookup sees it. The
  // ServiceProviderConfig baseline is the same path (token check, framework) without the directory.
  async function timed(count, path, check) {
    const times = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const result = await call(path(i), { token });
      times.push(performance.now() - started);
      check(result, i);
    }
    return times.sort((a, b) => a - b);
  }
  const baseline = await timed(
    Math.min(LOOKUPS, 500),
    () => '/scim/v2/ServiceProviderConfig',
    (result) => expectStatus(result, 200, 'ServiceProviderConfig'),
  );
  const latencies = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const index = Math.floor(Math.random() * USERS);
    const filter = encodeURIComponent(`userName eq "USER${index}@bench.example"`);
    const started = performance.now();
    const found = expectStatus(
      await call(`/scim/v2/Users?filter=${filter}&startIndex=1&count=100`, { token }),
      200,
      'lookup',
    );
    latencies.push(performance.now() - started);
    if (found.totalResults !== 1) throw new Error(`lookup of user${index} found ${found.totalResults}`);
  }
  latencies.sort((a, b) => a - b);

  const memberships = (
    await admin('SELECT count(*)::int AS n FROM group_memberships', databaseUrl.toString())
  ).rows[0].n;
  console.log('');
  console.log('| phase | count | seconds | per second |');
  console.log('|---|---:|---:|---:|');
  console.log(
    `| POST /Users | ${USERS} | ${(userMs / 1000).toFixed(1)} | ${(USERS / (userMs / 1000)).toFixed(0)} users/s |`,
  );
  console.log(
    `| POST /Groups (${MEMBERS_PER_GROUP} members each) | ${GROUPS} | ${(groupMs / 1000).toFixed(1)} | ${(GROUPS / (groupMs / 1000)).toFixed(0)} groups/s |`,
  );
  console.log('');
  console.log(
    `userName eq lookup (${LOOKUPS}, sequential): p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
  );
  console.log(
    `GET /ServiceProviderConfig baseline (${baseline.length}, sequential): p50 ${percentile(baseline, 50).toFixed(2)} ms, p99 ${percentile(baseline, 99).toFixed(2)} ms`,
  );
  console.log(`memberships stored: ${memberships}`);
} finally {
  await cleanUp();
  await dispatcher.close();
}
