// Gateway load benchmark: not a test, not a CI gate. See bench/README.md.
//
// Runs the fake provider, one data-plane server (the built apps/data-plane with a real
// configuration: an API key, a grant, a model on the fake; metering and usage shipping on) and the
// bare reference proxy, each as a child process, then drives a bounded number of non-streaming
// chat completions (~1 KB request) from this process at each of them (and, with --compare, at
// nginx and the Portkey gateway): at concurrency 1 (added latency: p50 through minus p50 direct)
// and at BENCH_CONNECTIONS. Prints p50/p99 latency, requests/s, the gateway/reference ratio and
// the data-plane process's RSS. Traffic goes to 127.0.0.1 only.
import { fork, spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Pool, request } from 'undici';

const here = fileURLToPath(import.meta.url);
const root = new URL('../', import.meta.url);
const load = (path) => import(pathToFileURL(fileURLToPath(new URL(path, root))).href);

function intSetting(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  }
  return value;
}

if (process.argv[2] === '--serve-upstream') {
  await serveUpstream();
} else if (process.argv[2] === '--serve-reference') {
  await serveReference(process.argv[3]);
} else if (process.argv[2] === '--serve-receiver') {
  await serveReceiver();
} else if (process.argv[2] === '--serve') {
  await serve(process.argv[3], process.argv[4]);
} else {
  await drive();
}

/** Child 1: the fake provider. */
async function serveUpstream() {
  const { startFakeLlm } = await load('libs/testing/dist/index.js');
  const fake = await startFakeLlm({
    defaultReply: { text: 'ok', usage: { inputTokens: 250, outputTokens: 2 } },
  });
  process.on('message', (message) => {
    if (message === 'stop') void fake.close().then(() => process.exit(0));
  });
  process.send?.({ fakeUrl: fake.url });
}

/** Child 3: the reference proxy in front of the fake, a process of its own like the data plane. */
async function serveReference(fakeUrl) {
  const { startReferenceProxy } = await load('bench/reference-proxy.mjs');
  const reference = await startReferenceProxy({
    upstream: fakeUrl,
    apiKey: 'sk-bench',
    model: 'gpt-4o-mini',
  });
  process.on('message', (message) => {
    if (message === 'stop') void reference.close().then(() => process.exit(0));
  });
  process.send?.({ referenceUrl: reference.url });
}

/** Child 2: a configured data plane in front of the fake; reports its URL, and its RSS on request. */
/** Child 4: stands in for the control plane's usage endpoint (counts events, answers 202). */
async function serveReceiver() {
  let usageEvents = 0;
  const receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      usageEvents += JSON.parse(Buffer.concat(chunks).toString('utf8')).events.length;
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":0}');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  process.on('message', (message) => {
    if (message === 'count') process.send?.({ usageEvents });
    if (message === 'stop') receiver.close(() => process.exit(0));
  });
  process.send?.({ receiverUrl: `http://127.0.0.1:${receiver.address().port}/dataplane/v1/usage` });
}

async function serve(fakeUrl, receiverUrl) {
  const [
    { createDataPlane },
    { ConfigStore },
    { createLogger },
    { createMetrics },
    { Gateway },
    { createUpstreamClient },
    { UsageShipper },
    signing,
  ] = await Promise.all([
    load('apps/data-plane/dist/server.js'),
    load('apps/data-plane/dist/snapshot/config-store.js'),
    load('apps/data-plane/dist/telemetry/logger.js'),
    load('apps/data-plane/dist/telemetry/metrics.js'),
    load('apps/data-plane/dist/gateway/gateway.js'),
    load('apps/data-plane/dist/providers/upstream-client.js'),
    load('apps/data-plane/dist/metering/usage-shipper.js'),
    load('libs/signing/dist/index.js'),
  ]);
  const fleetKey = randomBytes(32);
  const hashing = randomBytes(32);
  const key = `pk-${randomBytes(32).toString('base64url').replace(/[-_]/g, 'x').slice(0, 43)}`;
  const ids = {
    tenant: randomUUID(),
    app: randomUUID(),
    key: randomUUID(),
    model: randomUUID(),
    provider: randomUUID(),
  };
  const now = Date.now();
  const store = new ConfigStore();
  const applied = store.apply({
    schema: 'portcullis.config/v1',
    revision: 1,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 3_600_000).toISOString(),
    tenants: [{ id: ids.tenant, slug: 'bench', name: 'Bench', settings: { zeroDataRetention: true } }],
    applications: [{ id: ids.app, tenantId: ids.tenant, name: 'bench', active: true, clientId: null }],
    keys: [
      {
        id: ids.key,
        tenantId: ids.tenant,
        hash: createHmac('sha256', hashing).update(key).digest('hex'),
        owner: { kind: 'application', id: ids.app },
        scopeModels: null,
        expiresAt: null,
        revoked: false,
      },
    ],
    grants: [
      {
        id: randomUUID(),
        tenantId: ids.tenant,
        model: 'bench-model',
        subject: { kind: 'application', id: ids.app },
      },
    ],
    providers: [
      {
        id: ids.provider,
        tenantId: null,
        type: 'openai',
        baseUrl: `${fakeUrl}/v1`,
        options: {},
        timeouts: { connectMs: 5000, firstByteMs: 30000, totalMs: 30000 },
        credentials: signing.sealValue(
          JSON.stringify({ apiKey: 'sk-bench' }),
          fleetKey,
          'fleet-1',
          `provider-credentials:${ids.provider}`,
        ),
      },
    ],
    models: [
      {
        id: ids.model,
        tenantId: null,
        alias: 'bench-model',
        capabilities: ['chat'],
        contextWindow: null,
        prices: { input: 1, output: 2, cachedInput: null, currency: 'USD' },
        deployments: [{ providerId: ids.provider, upstreamModel: 'gpt-4o-mini', weight: 1, priority: 0 }],
      },
    ],
  });
  if (applied.status !== 'applied') throw new Error(`bench config rejected: ${JSON.stringify(applied)}`);
  const upstream = createUpstreamClient({ connectionsPerOrigin: 256 });
  // Metering and usage shipping on: batches go over HTTP, as JSON, to a receiver in a process of
  // its own that answers 202 the way the control plane does (no database write is measured here).
  let usageEvents = 0;
  const metrics = createMetrics();
  const spoolDir = mkdtempSync(join(os.tmpdir(), 'portcullis-bench-spool-'));
  const usage = new UsageShipper({
    spoolDir,
    send: async (events) => {
      const response = await request(receiverUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      await response.body.dump();
      if (response.statusCode !== 202) throw new Error(`usage receiver answered ${response.statusCode}`);
    },
    logger: createLogger({ level: 'silent' }),
    metrics,
  });
  await usage.start();
  // BENCH_USAGE: ship (default) meters and ships; noop meters and discards; off meters nothing.
  const usageDeps = () => {
    const mode = process.env.BENCH_USAGE ?? 'ship';
    if (mode === 'off') return {};
    if (mode === 'noop') return { usage: { record: () => (usageEvents += 1) } };
    // As the node does (main.ts): metrics per call, then the shipper.
    if (mode === 'ship') {
      return {
        usage: {
          record: (event) => {
            metrics.observeCall(event);
            usage.record(event);
          },
        },
      };
    }
    throw new Error('BENCH_USAGE must be ship, noop or off');
  };
  const gateway = new Gateway({
    loaded: () => store.loaded(),
    secrets: () => ({ fleetKeys: new Map([['fleet-1', fleetKey]]), apiKeyHashing: hashing }),
    upstream,
    ...usageDeps(),
  });
  const dataPlane = createDataPlane({
    logger: createLogger({ level: 'silent' }),
    metrics,
    configStore: store,
    gateway,
  });
  await new Promise((resolve) => dataPlane.server.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = `http://127.0.0.1:${dataPlane.server.address().port}`;
  process.on('message', (message) => {
    if (message === 'rss') {
      const rss = process.memoryUsage().rss;
      void usage.flush().then(() => process.send?.({ rss, usageEvents }));
    }
    if (message === 'stop') {
      void Promise.all([dataPlane.shutdown(1000), upstream.close()]).then(() => {
        rmSync(spoolDir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  process.send?.({ gatewayUrl, key });
}

/** Parent: the load generator. */
async function drive() {
  const REQUESTS = intSetting('BENCH_REQUESTS', 4000, 100, 100_000);
  const CONNECTIONS = intSetting('BENCH_CONNECTIONS', 50, 1, 256);
  const ROUNDS = intSetting('BENCH_ROUNDS', 5, 1, 50);
  const COMPARE = process.argv.includes('--compare');
  for (const file of ['apps/data-plane/dist/gateway/gateway.js', 'libs/testing/dist/index.js']) {
    if (!existsSync(fileURLToPath(new URL(file, root)))) {
      console.error(`${file} is missing: run \`node scripts/build.mjs\` first.`);
      process.exit(1);
    }
  }
  const start = (args) => {
    const proc = fork(here, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const up = new Promise((resolve, reject) => {
      proc.once('message', resolve);
      proc.once('exit', (code) => reject(new Error(`${args[0]} process exited with ${code}`)));
    });
    return { proc, up };
  };
  const upstreamChild = start(['--serve-upstream']);
  const receiverChild = start(['--serve-receiver']);
  const upstreamReady = { ...(await upstreamChild.up), ...(await receiverChild.up) };
  const gatewayChild = start(['--serve', upstreamReady.fakeUrl, upstreamReady.receiverUrl]);
  const referenceChild = start(['--serve-reference', upstreamReady.fakeUrl]);
  const child = gatewayChild.proc;
  const ready = { ...upstreamReady, ...(await gatewayChild.up), ...(await referenceChild.up) };
  const rss = () =>
    new Promise((resolve) => {
      child.once('message', (m) => resolve(m));
      child.send('rss');
    });

  const messages = [
    { role: 'system', content: 'You are a concise assistant for the Portcullis benchmark. '.repeat(6) },
    {
      role: 'user',
      content: 'Summarise the benefits of an identity-first AI gateway in one line. '.repeat(7),
    },
  ];
  const body = JSON.stringify({ model: 'bench-model', messages, temperature: 0 });
  const directBody = JSON.stringify({ model: 'gpt-4o-mini', messages, temperature: 0 });
  const streamBody = JSON.stringify({ model: 'bench-model', messages, temperature: 0, stream: true });
  const directStreamBody = JSON.stringify({ model: 'gpt-4o-mini', messages, temperature: 0, stream: true });

  // One measurement of a target: `requests` requests over `connections` connections of a pool
  // kept for the whole run (warmed up once, before the first round).
  async function measure(target, connections, requests) {
    const { pool, headers, payload } = target;
    const latencies = [];
    const statuses = new Map();
    let sent = 0;
    const one = async () => {
      while (sent < requests) {
        sent += 1;
        const started = performance.now();
        const response = await pool.request({
          method: 'POST',
          path: '/v1/chat/completions',
          headers,
          body: payload,
        });
        await response.body.text();
        latencies.push(performance.now() - started);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: connections }, one));
    return { latencies, statuses, seconds: (performance.now() - t0) / 1000 };
  }

  // The targets take turns, ROUNDS times, so that a machine getting busier or quieter (or a
  // process warming up) does not favour whichever target happens to be measured last.
  async function runAll(targets, connections, requests) {
    const totals = targets.map(() => ({ latencies: [], statuses: new Map(), seconds: 0 }));
    for (const target of targets) {
      target.pool = new Pool(target.url, { connections, pipelining: 1 });
      for (let i = 0; i < Math.min(500, requests); i += 1) {
        const response = await target.pool.request({
          method: 'POST',
          path: '/v1/chat/completions',
          headers: target.headers,
          body: target.payload,
        });
        await response.body.text();
      }
    }
    const perRound = Math.max(1, Math.ceil(requests / ROUNDS));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [i, target] of targets.entries()) {
        const result = await measure(target, connections, perRound);
        totals[i].latencies.push(...result.latencies);
        totals[i].seconds += result.seconds;
        for (const [status, n] of result.statuses)
          totals[i].statuses.set(status, (totals[i].statuses.get(status) ?? 0) + n);
      }
    }
    for (const target of targets) await target.pool.close();
    return targets.map((target, i) => {
      const { latencies, statuses, seconds } = totals[i];
      latencies.sort((a, b) => a - b);
      const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
      return {
        scenario: target.name,
        connections,
        requests: latencies.length,
        statuses: [...statuses].map(([s, n]) => `${s}x${n}`).join(' '),
        'p50 ms': Number(pct(50).toFixed(3)),
        'p99 ms': Number(pct(99).toFixed(3)),
        'req/s': Math.round(latencies.length / seconds),
      };
    });
  }

  // Streaming chat, one request at a time: time to the first body byte (the first SSE event)
  // and to the end, direct and through the gateway. The gateway's extra time to first byte
  // bounds how long it holds a streamed chunk: it includes the whole request pipeline too.
  async function measureStreams(target, requests) {
    const pool = new Pool(target.url, { connections: 1, pipelining: 1 });
    const firstByte = [];
    const whole = [];
    const statuses = new Map();
    const once = async () => {
      const started = performance.now();
      const response = await pool.request({
        method: 'POST',
        path: '/v1/chat/completions',
        headers: target.headers,
        body: target.streamPayload,
      });
      let first;
      for await (const chunk of response.body) {
        if (first === undefined && chunk.length > 0) first = performance.now();
      }
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      return { first: (first ?? performance.now()) - started, total: performance.now() - started };
    };
    for (let i = 0; i < Math.min(200, requests); i += 1) await once();
    for (let i = 0; i < requests; i += 1) {
      const { first, total } = await once();
      firstByte.push(first);
      whole.push(total);
    }
    await pool.close();
    const p50 = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    return {
      scenario: `${target.name}, streaming`,
      requests,
      statuses: [...statuses].map(([s, n]) => `${s}x${n}`).join(' '),
      'first byte p50 ms': Number(p50(firstByte).toFixed(3)),
      'last byte p50 ms': Number(p50(whole).toFixed(3)),
    };
  }

  const json = { 'content-type': 'application/json' };
  const auth = { ...json, authorization: `Bearer ${ready.key}` };
  const direct = { ...json, authorization: 'Bearer sk-bench' };
  // Targets measured the same way, one after another: the fake itself, the gateway, the bare
  // reference proxy, and with --compare nginx (Debian's) and the Portkey gateway (from npm).
  const targets = [
    {
      name: 'direct to the fake',
      url: ready.fakeUrl,
      headers: direct,
      payload: directBody,
      streamPayload: directStreamBody,
    },
    {
      name: 'through the gateway',
      url: ready.gatewayUrl,
      headers: auth,
      payload: body,
      streamPayload: streamBody,
    },
    { name: 'reference proxy', url: ready.referenceUrl, headers: direct, payload: body },
  ];
  const others = COMPARE ? await startComparisons(ready.fakeUrl) : [];
  for (const other of others) targets.push({ ...other, payload: directBody });
  const rows = [];
  const streams = [];
  const serial = Math.min(2000, REQUESTS);
  try {
    rows.push(...(await runAll(targets, 1, serial)));
    rows.push(...(await runAll(targets, CONNECTIONS, REQUESTS)));
    // Streaming: the fake and the gateway only (the reference proxy does not stream).
    for (let round = 0; round < 2; round += 1) {
      for (const target of targets.slice(0, 2))
        streams.push(await measureStreams(target, Math.ceil(serial / 4)));
    }
  } finally {
    for (const other of others) await other.stop();
  }
  const { rss: serverRss, usageEvents: discarded } = await rss();
  const { usageEvents: received } = await new Promise((resolve) => {
    receiverChild.proc.once('message', resolve);
    receiverChild.proc.send('count');
  });
  const usageEvents = discarded + received;
  child.send('stop');
  upstreamChild.proc.send('stop');
  referenceChild.proc.send('stop');
  receiverChild.proc.send('stop');
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `gateway load: node ${process.version}, ${os.cpus().length} CPU(s), load ${load}; the fake provider, the data plane and the reference proxy each in a process of its own, client here; ${Buffer.byteLength(body)} B requests`,
  );
  console.table(rows);
  const row = (name, connections) => rows.find((r) => r.scenario === name && r.connections === connections);
  const base = row('direct to the fake', 1)['p50 ms'];
  for (const target of targets.slice(1)) {
    const one = row(target.name, 1);
    const many = row(target.name, CONNECTIONS);
    console.log(
      `${target.name}: added latency at concurrency 1 (p50) ${(one['p50 ms'] - base).toFixed(3)} ms; ${many['req/s']} req/s at ${CONNECTIONS} connections`,
    );
  }
  const gatewayRate = row('through the gateway', CONNECTIONS)['req/s'];
  const referenceRate = row('reference proxy', CONNECTIONS)['req/s'];
  console.log(
    `gateway / reference proxy throughput: ${Math.round((100 * gatewayRate) / referenceRate)}%; data-plane process RSS after the run: ${Math.round(serverRss / 1048576)} MB; usage events shipped: ${usageEvents}`,
  );
  console.table(streams);
  const firstByte = (name) =>
    streams.filter((r) => r.scenario === `${name}, streaming`).map((r) => r['first byte p50 ms']);
  const added = Math.max(...firstByte('through the gateway')) - Math.min(...firstByte('direct to the fake'));
  console.log(
    `streaming: the gateway's first byte comes at most ${added.toFixed(3)} ms later than direct (p50, worst round against best; the request pipeline included)`,
  );
}

/** A free TCP port on 127.0.0.1 (released at once: good enough for a benchmark). */
async function freePort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `url` answers anything, or fails after `ms`. */
async function answering(url, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const response = await request(url);
      await response.body.dump();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * nginx as a pure reverse proxy (keep-alive upstream, no logs) and the Portkey open-source gateway,
 * each in front of the same fake, when available: `nginx` on the PATH (Debian: apt-get install
 * nginx-light), Portkey under BENCH_PORTKEY_DIR (default ~/.cache/portcullis-bench/portkey; install
 * with `npm install --prefix <dir> @portkey-ai/gateway@1.15.2`). Missing ones are skipped, said so.
 */
async function startComparisons(fakeUrl) {
  const started = [];
  const fake = new URL(fakeUrl);
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => existsSync(file));
  if (nginx === undefined) {
    console.log('--compare: nginx not found (apt-get install nginx-light); skipped');
  } else {
    const dir = mkdtempSync(join(os.tmpdir(), 'portcullis-bench-nginx-'));
    const port = await freePort();
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  upstream fake { server ${fake.host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://fake; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
    );
    const proc = spawn(nginx, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
    await answering(`http://127.0.0.1:${port}/v1/models`, 5_000);
    started.push({
      name: 'nginx reverse proxy',
      url: `http://127.0.0.1:${port}`,
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
      stop: async () => {
        proc.kill('SIGTERM');
        await new Promise((resolve) => proc.once('exit', resolve));
        rmSync(dir, { recursive: true, force: true });
      },
    });
  }
  const portkeyDir = process.env.BENCH_PORTKEY_DIR ?? join(os.homedir(), '.cache/portcullis-bench/portkey');
  const portkeyMain = join(portkeyDir, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  if (!existsSync(portkeyMain)) {
    console.log(`--compare: Portkey not found at ${portkeyMain}; skipped`);
  } else {
    const port = await freePort();
    const proc = spawn(process.execPath, [portkeyMain, `--port=${port}`, '--headless'], {
      stdio: 'ignore',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    await answering(`http://127.0.0.1:${port}/`, 15_000);
    started.push({
      name: 'Portkey gateway',
      url: `http://127.0.0.1:${port}`,
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sk-bench',
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': `${fakeUrl}/v1`,
      },
      stop: async () => {
        proc.kill('SIGTERM');
        await new Promise((resolve) => proc.once('exit', resolve));
      },
    });
  }
  return started;
}
