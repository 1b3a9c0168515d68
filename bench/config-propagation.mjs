// Config propagation benchmark: not a test, not a CI gate. See bench/README.md.
//
// Starts the built control plane and two built data-plane nodes as processes on 127.0.0.1 against
// a fresh PostgreSQL database (dropped at the end), makes BENCH_CHANGES config changes one after
// another through the admin API and measures, for each, how long until both nodes have applied it.
// With --big it then fills the database with a large directory by SQL and measures the snapshot
// the control plane compiles for it (time, JWS size) and how long a new node takes to apply it.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { generateEncryptionKey, generateSigningKey } from '@portcullis/signing';
import { importJWK, SignJWT } from 'jose';
import pg from 'pg';
import { request } from 'undici';

const HARD_CAP_MS = 20 * 60_000;
const BIG = process.argv.includes('--big');

function intSetting(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

const CHANGES = intSetting('BENCH_CHANGES', 200, 1, 2_000);
const BIG_USERS = intSetting('BENCH_BIG_USERS', 100_000, 1, 200_000);
const BIG_KEYS = intSetting('BENCH_BIG_KEYS', 1_000_000, 0, 2_000_000);

const controlPlaneMain = fileURLToPath(new URL('../apps/control-plane/dist/main.js', import.meta.url));
const dataPlaneMain = fileURLToPath(new URL('../apps/data-plane/dist/main.js', import.meta.url));
for (const file of [controlPlaneMain, dataPlaneMain]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run \`node scripts/build.mjs --no-console\` first.`);
    process.exit(1);
  }
}

// A fresh database on the server of DATABASE_URL (or the local default), dropped at the end.
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = `portcullis_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
const databaseUrl = new URL(serverUrl);
databaseUrl.pathname = `/${databaseName}`;

async function sql(text, params = [], url = serverUrl) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

const processes = [];
const dataDirs = [];
const deadline = setTimeout(() => {
  console.error(`bench exceeded its hard cap of ${HARD_CAP_MS / 60_000} minutes; stopping`);
  process.exitCode = 1;
  void cleanUp().finally(() => process.exit(1));
}, HARD_CAP_MS);

async function cleanUp() {
  clearTimeout(deadline);
  await Promise.all(processes.map((proc) => proc.stop()));
  await sql(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch((error) => {
    console.error(`could not drop ${databaseName}: ${error.message}`);
  });
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}

/** A child process whose JSON log lines arrive as events, stamped with the time they were read. */
function startProcess(name, entry, env) {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listeners = new Set();
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const tail = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (text) => {
      const at = performance.now();
      tail.push(text);
      if (tail.length > 20) tail.shift();
      let line;
      try {
        line = JSON.parse(text);
      } catch {
        return;
      }
      for (const listener of listeners) listener(line, at);
    });
  }
  const proc = {
    name,
    exited,
    /** Resolves with [line, time] for the first line `match` accepts from now on. */
    next(match) {
      return new Promise((resolve, reject) => {
        const listener = (line, at) => {
          if (!match(line)) return;
          listeners.delete(listener);
          resolve([line, at]);
        };
        listeners.add(listener);
        void exited.then((code) => {
          if (listeners.delete(listener)) reject(new Error(`${name} exited (${code}):\n${tail.join('\n')}`));
        });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  processes.push(proc);
  return proc;
}

const listening = (marker) => (line) => typeof line.msg === 'string' && line.msg.includes(marker);
const urlOf = (line, marker) => line.msg.slice(line.msg.indexOf(marker) + marker.length).trim();

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(label, samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    measure: label,
    samples: sorted.length,
    'p50 ms': Number(percentile(sorted, 50).toFixed(2)),
    'p99 ms': Number(percentile(sorted, 99).toFixed(2)),
    'max ms': Number(sorted[sorted.length - 1].toFixed(2)),
  };
}

const adminToken = randomBytes(32).toString('base64url');
let controlPlaneUrl;

async function adminCall(method, path, body) {
  const response = await request(`${controlPlaneUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300)
    throw new Error(`${method} ${path}: ${response.statusCode} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function currentRevision() {
  return (await adminCall('GET', '/api/v1/config-revision')).revision;
}

async function startNode(name, enrollmentToken) {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'portcullis-bench-node-'));
  dataDirs.push(dataDir);
  const node = startProcess(name, dataPlaneMain, {
    DATA_PLANE_HOST: '127.0.0.1',
    DATA_PLANE_PORT: '0',
    DATA_PLANE_DATA_DIR: dataDir,
    DATA_PLANE_NAME: name,
    DATA_PLANE_ENROLLMENT_TOKEN: enrollmentToken,
    CONTROL_PLANE_URL: controlPlaneUrl,
    LOG_LEVEL: 'info',
  });
  const [line] = await node.next(listening('data plane listening on '));
  node.url = urlOf(line, 'data plane listening on ');
  node.revision = 0;
  // Track every apply, so that "has it reached revision N?" never misses one.
  node.applied = new Map();
  node.waiters = new Set();
  const watch = () =>
    node
      .next((entry) => entry.msg === 'config applied')
      .then(
        ([entry, at]) => {
          node.revision = entry.revision;
          node.applied.set(entry.revision, { at, durationMs: entry.durationMs, kind: entry.kind });
          for (const waiter of node.waiters) waiter();
          watch();
        },
        () => undefined,
      );
  watch();
  return node;
}

/** The time (performance.now()) at which `node` applied a revision ≥ `revision`. */
function reached(node, revision) {
  const find = () => {
    for (const [applied, info] of node.applied) if (applied >= revision) return info;
    return undefined;
  };
  const found = find();
  if (found !== undefined) return Promise.resolve(found);
  return new Promise((resolve) => {
    const waiter = () => {
      const info = find();
      if (info === undefined) return;
      node.waiters.delete(waiter);
      resolve(info);
    };
    node.waiters.add(waiter);
  });
}

async function metric(node, name) {
  const text = await (await request(`${node.url}/metrics`)).body.text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

try {
  await sql(`CREATE DATABASE "${databaseName}"`);
  const controlPlane = startProcess('control plane', controlPlaneMain, {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl.toString(),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    CONTROL_PLANE_HOST: '127.0.0.1',
    CONTROL_PLANE_PORT: '0',
    PORTCULLIS_ADMIN_TOKEN: adminToken,
    PORTCULLIS_MASTER_KEY: randomBytes(32).toString('base64'),
    // Info, for the line that says where it listens; the request lines are read and ignored.
    LOG_LEVEL: 'info',
  });
  const [line] = await controlPlane.next(listening('control plane listening on '));
  controlPlaneUrl = urlOf(line, 'control plane listening on ');

  const tenant = await adminCall('POST', '/api/v1/tenants', { slug: 'bench', name: 'Bench' });
  const app = await adminCall('POST', '/api/v1/apps', { tenantId: tenant.id, name: 'bench-app' });
  const tokens = await Promise.all(
    ['bench node a', 'bench node b'].map((name) => adminCall('POST', '/api/v1/enrollment-tokens', { name })),
  );
  const nodes = await Promise.all([
    startNode('bench-a', tokens[0].token),
    startNode('bench-b', tokens[1].token),
  ]);
  const start = await currentRevision();
  await Promise.all(nodes.map((node) => reached(node, start)));

  console.log(
    `config propagation: node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? '?'}), ` +
      `load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}; ${CHANGES} changes one after another, ` +
      'control plane and 2 nodes as processes on 127.0.0.1',
  );

  const fromCommit = [];
  const fromRequest = [];
  const adminLatency = [];
  const perNode = nodes.map(() => []);
  let revision = start;
  for (let i = 0; i < CHANGES; i += 1) {
    const sent = performance.now();
    await adminCall('POST', '/api/v1/keys', {
      name: `bench-${i}`,
      owner: { kind: 'application', id: app.id },
    });
    const committed = performance.now();
    revision += 1;
    const applied = await Promise.all(nodes.map((node) => reached(node, revision)));
    const both = Math.max(...applied.map((info) => info.at));
    adminLatency.push(committed - sent);
    // The node may apply before the admin API's answer reaches us: that counts as 0.
    fromCommit.push(Math.max(0, both - committed));
    fromRequest.push(both - sent);
    applied.forEach((info, index) => perNode[index].push(info.durationMs));
  }
  const final = await currentRevision();
  const gauges = await Promise.all(nodes.map((node) => metric(node, 'portcullis_config_revision')));
  console.table([
    summary('admin API: POST /api/v1/keys (commit)', adminLatency),
    summary('commit acknowledged → applied on both nodes', fromCommit),
    summary('request sent → applied on both nodes', fromRequest),
    ...nodes.map((node, index) => summary(`${node.name}: verify+validate+swap (delta)`, perNode[index])),
  ]);
  console.log(`final revision ${final}; nodes' portcullis_config_revision: ${gauges.join(', ')}`);

  if (BIG) await bigSnapshot(tenant.id, controlPlane);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

async function bigSnapshot(tenantId, controlPlane) {
  console.log(`\n--big: inserting ${BIG_USERS} users and ${BIG_KEYS} keys by SQL ...`);
  const insertStarted = performance.now();
  await sql(
    `INSERT INTO directory_users (tenant_id, source, user_name, active)
     SELECT $1, 'scim', 'bench-user-' || i || '@bench.test', true FROM generate_series(1, $2::int) AS i`,
    [tenantId, BIG_USERS],
    databaseUrl.toString(),
  );
  const perUser = Math.ceil(BIG_KEYS / BIG_USERS);
  await sql(
    `INSERT INTO api_keys (tenant_id, owner_kind, user_id, name, prefix, key_hash, created_by)
     SELECT $1, 'user', u.id, 'bench', 'pk-bench', encode(sha256(convert_to(u.id::text || ':' || k, 'UTF8')), 'hex'), 'bench'
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM directory_users WHERE tenant_id = $1) AS u
       CROSS JOIN generate_series(1, $2::int) AS k
      WHERE (u.n - 1) * $2 + k <= $3`,
    [tenantId, perUser, BIG_KEYS],
    databaseUrl.toString(),
  );
  console.log(`inserted in ${((performance.now() - insertStarted) / 1000).toFixed(1)} s`);
  // One change through the API, so that the next snapshot has a revision of its own (no cache).
  await adminCall('POST', '/api/v1/apps', { tenantId, name: 'bench-big' });
  const revision = await currentRevision();

  // A node of the bench's own, so that the snapshot request is timed without a node applying it.
  const [signing, encryption] = await Promise.all([generateSigningKey(), generateEncryptionKey()]);
  const token = (await adminCall('POST', '/api/v1/enrollment-tokens', { name: 'bench probe' })).token;
  const enrolled = await (
    await request(`${controlPlaneUrl}/dataplane/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token,
        name: 'bench-probe',
        version: '0.0.0',
        signingKey: signing.publicJwk,
        encryptionKey: encryption.publicJwk,
      }),
    })
  ).body.json();
  const key = await importJWK(signing.privateJwk, 'EdDSA');
  const assertion = () => {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'portcullis-node+jwt', kid: enrolled.nodeId })
      .setIssuer(enrolled.nodeId)
      .setSubject(enrolled.nodeId)
      .setAudience('portcullis-control-plane')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .setJti(randomUUID())
      .sign(key);
  };
  const fetchSnapshot = async (gzip) => {
    const started = performance.now();
    const response = await request(`${controlPlaneUrl}/dataplane/v1/config?since=0&wait=1`, {
      headers: {
        authorization: `Bearer ${await assertion()}`,
        ...(gzip ? { 'accept-encoding': 'gzip' } : {}),
      },
      headersTimeout: 600_000,
      bodyTimeout: 600_000,
    });
    let bytes = 0;
    for await (const chunk of response.body) bytes += chunk.length;
    return { status: response.statusCode, ms: performance.now() - started, bytes };
  };
  // The control plane logs what compiling and signing took; the rest of the first request is gzip.
  const signedLine = controlPlane.next(
    (line) => line.msg === 'config bundle signed' && line.kind === 'snapshot' && line.revision === revision,
  );
  const compiled = await fetchSnapshot(true);
  const [signed] = await signedLine;
  const cached = await fetchSnapshot(false);
  console.table([
    {
      measure: `snapshot, revision ${revision}: compile (read + serialize)`,
      seconds: Number((signed.compileMs / 1000).toFixed(2)),
    },
    { measure: 'snapshot: sign (base64url + Ed25519)', seconds: Number((signed.signMs / 1000).toFixed(2)) },
    {
      measure: `snapshot: compile + sign + gzip (first request)`,
      status: compiled.status,
      seconds: Number((compiled.ms / 1000).toFixed(2)),
      'MiB on the wire': Number((compiled.bytes / 1048576).toFixed(1)),
    },
    {
      measure: 'the same snapshot again, cached, without gzip (JWS size)',
      status: cached.status,
      seconds: Number((cached.ms / 1000).toFixed(2)),
      'MiB on the wire': Number((cached.bytes / 1048576).toFixed(1)),
    },
  ]);

  const bigToken = (await adminCall('POST', '/api/v1/enrollment-tokens', { name: 'bench big node' })).token;
  const spawned = performance.now();
  const node = await startNode('bench-big', bigToken);
  const info = await Promise.race([
    reached(node, revision),
    node.exited.then((code) => Promise.reject(new Error(`the big node exited (${code})`))),
  ]);
  console.table([
    {
      measure: 'new node: spawn → ready with the big snapshot',
      seconds: Number(((info.at - spawned) / 1000).toFixed(2)),
    },
    {
      measure: 'new node: verify + validate + index + swap',
      seconds: Number((info.durationMs / 1000).toFixed(2)),
    },
  ]);
}
