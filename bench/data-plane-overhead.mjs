// Data-plane overhead benchmark: not a test, not a CI gate. See bench/README.md.
//
// Starts the built data plane in this process on 127.0.0.1 (random port), then drives a bounded
// number of requests through an undici pool and prints p50/p99 latency and throughput per route.
import { existsSync } from 'node:fs';
import { once, setMaxListeners } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Pool } from 'undici';

const HARD_CAP_MS = 60_000;
const WARMUP_REQUESTS = 500;

function intSetting(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

const REQUESTS = intSetting('BENCH_REQUESTS', 5000, 1, 100_000);
const CONCURRENCY = intSetting('BENCH_CONCURRENCY', 32, 1, 256);

const distDir = new URL('../apps/data-plane/dist/', import.meta.url);
if (!existsSync(fileURLToPath(new URL('server.js', distDir)))) {
  console.error('apps/data-plane/dist is missing: run `npx tsc -b libs/contracts apps/data-plane` first.');
  process.exit(1);
}
const load = (file) => import(pathToFileURL(fileURLToPath(new URL(file, distDir))).href);
const [{ createDataPlane }, { ConfigStore }, { createLogger }, { createMetrics }] = await Promise.all([
  load('server.js'),
  load('snapshot/config-store.js'),
  load('telemetry/logger.js'),
  load('telemetry/metrics.js'),
]);

const configStore = new ConfigStore();
const now = Date.now();
const applied = configStore.apply({
  schema: 'portcullis.config/v1',
  revision: 1,
  issuedAt: new Date(now).toISOString(),
  expiresAt: new Date(now + 3_600_000).toISOString(),
  tenants: [
    {
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      slug: 'bench',
      name: 'Bench',
      settings: { zeroDataRetention: true },
    },
  ],
});
if (applied.status !== 'applied') {
  throw new Error(`bench config rejected: ${JSON.stringify(applied)}`);
}

const dataPlane = createDataPlane({
  logger: createLogger({ level: 'silent' }),
  metrics: createMetrics(),
  configStore,
});
dataPlane.server.listen(0, '127.0.0.1');
await once(dataPlane.server, 'listening');
const origin = `http://127.0.0.1:${dataPlane.server.address().port}`;
const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });

const chatBody = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a terse assistant.' },
    { role: 'user', content: 'Summarise the following text. '.repeat(30) },
  ],
  max_tokens: 128,
});

const scenarios = [
  { name: 'GET /healthz', options: { path: '/healthz', method: 'GET' } },
  {
    name: `POST /v1/chat/completions (${Buffer.byteLength(chatBody)} B)`,
    options: {
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chatBody,
    },
  },
];

const deadline = new AbortController();
// Every in-flight request listens on the deadline signal.
setMaxListeners(CONCURRENCY + 16, deadline.signal);
const capTimer = setTimeout(() => deadline.abort(), HARD_CAP_MS);

async function run(options, count, record) {
  let next = 0;
  const latencies = new Float64Array(count);
  const statuses = new Map();
  let completed = 0;
  let errors = 0;
  const worker = async () => {
    while (next < count && !deadline.signal.aborted) {
      next += 1;
      const started = performance.now();
      try {
        const res = await pool.request({ ...options, signal: deadline.signal });
        await res.body.dump();
        if (record) {
          latencies[completed] = performance.now() - started;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        }
        completed += 1;
      } catch (err) {
        if (!deadline.signal.aborted) {
          errors += 1;
          if (errors === 1) {
            console.error(`first error: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  const elapsedMs = performance.now() - started;
  return { latencies: latencies.subarray(0, completed).sort(), statuses, completed, errors, elapsedMs };
}

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const rows = [];
for (const scenario of scenarios) {
  await run(scenario.options, WARMUP_REQUESTS, false);
  const result = await run(scenario.options, REQUESTS, true);
  rows.push({
    scenario: scenario.name,
    requests: result.completed,
    errors: result.errors,
    statuses: [...result.statuses].map(([status, n]) => `${status}x${n}`).join(' '),
    'p50 ms': Number(percentile(result.latencies, 50).toFixed(3)),
    'p99 ms': Number(percentile(result.latencies, 99).toFixed(3)),
    'req/s': Math.round(result.completed / (result.elapsedMs / 1000)),
  });
}
clearTimeout(capTimer);

await pool.close();
await dataPlane.shutdown(5_000);

console.log(
  `data-plane overhead: node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? 'unknown'}), ` +
    `load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(
        ' ',
      )}; ${REQUESTS} requests per route after ${WARMUP_REQUESTS} warm-up, concurrency ${CONCURRENCY}, ` +
    'client and server in one process',
);
console.table(rows);
if (deadline.signal.aborted) {
  console.log(`Stopped at the ${HARD_CAP_MS / 1000} s cap: the numbers above cover only what finished.`);
}
