import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSigningKey, sealValue } from '@portcullis/signing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ENROLLMENT_TOKEN,
  FakeControlPlane,
  TENANT_ID,
  tamperSignature,
} from '../../test/support/fake-control-plane.js';
import { ConfigStore } from '../snapshot/config-store.js';
import { createLogger } from '../telemetry/logger.js';
import { createMetrics, type DataPlaneMetrics } from '../telemetry/metrics.js';
import { loadNodeIdentity } from './node-identity.js';
import { ConfigSyncClient, ConfigSyncFatalError } from './sync-client.js';

type LogLine = Record<string, unknown> & { msg: string; level: number };

class LogCapture extends EventEmitter {
  readonly lines: LogLine[] = [];

  write(line: string): void {
    const parsed = JSON.parse(line) as LogLine;
    this.lines.push(parsed);
    this.emit('line', parsed);
  }

  waitFor(predicate: (line: LogLine) => boolean): Promise<LogLine> {
    const seen = this.lines.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const onLine = (line: LogLine): void => {
        if (predicate(line)) {
          this.off('line', onLine);
          resolve(line);
        }
      };
      this.on('line', onLine);
    });
  }
}

const USER = {
  id: '6f1d3c1e-6b44-4d1e-9a49-2b8d3e8f0a01',
  tenantId: TENANT_ID,
  active: true,
  groups: [],
  userName: 'ada@acme.test',
};

let dir: string;
let cp: FakeControlPlane;
const clients: ConfigSyncClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'portcullis-sync-'));
  cp = await FakeControlPlane.start();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.stop()));
  await cp.close();
  await rm(dir, { recursive: true, force: true });
});

interface Node {
  client: ConfigSyncClient;
  store: ConfigStore;
  metrics: DataPlaneMetrics;
  logs: LogCapture;
  running: Promise<void>;
}

function startNode(options: { token?: string | null; maxStoredDeltas?: number } = {}): Node {
  const store = new ConfigStore();
  const metrics = createMetrics({ defaultMetrics: false });
  const logs = new LogCapture();
  const client = new ConfigSyncClient({
    controlPlaneUrl: cp.url,
    dataDir: dir,
    nodeName: 'edge-1',
    version: '0.1.0',
    enrollmentToken: options.token === null ? undefined : (options.token ?? ENROLLMENT_TOKEN),
    pollWaitSeconds: 5,
    store,
    metrics,
    logger: createLogger({ level: 'debug', destination: logs }),
    ...(options.maxStoredDeltas === undefined ? {} : { maxStoredDeltas: options.maxStoredDeltas }),
  });
  clients.push(client);
  return { client, store, metrics, logs, running: client.run() };
}

async function metric(metrics: DataPlaneMetrics, name: string): Promise<number | undefined> {
  const line = (await metrics.registry.metrics()).split('\n').find((text) => text.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

/** Brings a fresh node to the given snapshot revision; returns the snapshot's JWS. */
async function syncedAt(
  node: Node,
  revision: number,
  sections: Record<string, unknown> = {},
): Promise<string> {
  await cp.poll(cp.polls.length + 1);
  const jws = await cp.sign(cp.snapshot(revision, sections));
  const polls = cp.polls.length;
  cp.answer({ status: 200, jws, gzip: true });
  await cp.poll(polls + 1);
  expect(node.store.current()?.revision).toBe(revision);
  return jws;
}

describe(ConfigSyncClient.name, () => {
  it('enrolls, fetches the fleet secrets, applies a snapshot then a delta, and keeps both on disk', async () => {
    const node = startNode();

    const first = await cp.poll(1);
    expect(first).toEqual({ since: 0, wait: 5, acceptEncoding: 'gzip' });
    expect(cp.enrollments).toBe(1);
    const [nodeId] = cp.nodes.keys();
    expect(node.client.nodeId).toBe(nodeId);
    const identity = await loadNodeIdentity(dir);
    const { kty, crv, x, kid } = cp.trustedKey;
    expect(identity).toMatchObject({ nodeId, name: 'edge-1', trustedKeys: [{ kty, crv, x, kid }] });
    expect((await stat(path.join(dir, 'node.json'))).mode & 0o777).toBe(0o600);
    expect(node.client.secrets?.fleetKeys.get(cp.fleetKeys[0]?.kid ?? '')).toEqual(
      Buffer.from(cp.fleetKeys[0]?.key ?? '', 'base64url'),
    );
    expect(node.client.secrets?.apiKeyHashing).toEqual(Buffer.from(cp.apiKeyHashing, 'base64url'));

    const snapshot = await cp.sign(cp.snapshot(3));
    cp.answer({ status: 200, jws: snapshot, gzip: true });
    expect((await cp.poll(2)).since).toBe(3);
    const delta = await cp.sign(cp.delta(3, 4, { users: [USER] }));
    cp.answer({ status: 200, jws: delta });
    expect((await cp.poll(3)).since).toBe(4);

    expect(node.store.loaded()?.indexes.usersById.get(USER.id)?.userName).toBe('ada@acme.test');
    expect(await readFile(path.join(dir, 'config', 'snapshot.jws'), 'utf8')).toBe(`${snapshot}\n`);
    expect(await readFile(path.join(dir, 'config', 'deltas.jsonl'), 'utf8')).toBe(`${delta}\n`);
    expect(await metric(node.metrics, 'portcullis_config_revision')).toBe(4);
    expect(node.store.lastSyncAt).toBeInstanceOf(Date);
    // Every request carried its own assertion.
    expect(new Set(cp.assertions).size).toBe(cp.assertions.length);
    const logged = node.logs.lines.map((line) => JSON.stringify(line)).join('\n');
    expect(logged).not.toContain(snapshot.split('.')[1]);
    expect(logged).not.toContain(cp.apiKeyHashing);
    expect(logged).not.toContain(ENROLLMENT_TOKEN);
  });

  it('polls again after a 304 and counts it as contact', async () => {
    const node = startNode();
    await syncedAt(node, 1);
    const before = node.store.lastSyncAt;

    cp.answer({ status: 304 });

    expect((await cp.poll(3)).since).toBe(1);
    expect(node.store.lastSyncAt?.getTime()).toBeGreaterThanOrEqual(before?.getTime() ?? 0);
  });

  it('refuses a document altered in transit, keeps its config, and takes the next good one', async () => {
    const node = startNode();
    await syncedAt(node, 3);

    cp.answer({ status: 200, jws: tamperSignature(await cp.sign(cp.delta(3, 4, { users: [USER] }))) });
    const refused = await node.logs.waitFor((line) => line.msg.startsWith('config document refused'));

    expect(refused).toMatchObject({ level: 40, reason: 'signature', currentRevision: 3 });
    expect(node.store.current()?.revision).toBe(3);
    expect(
      (await node.metrics.registry.metrics()).includes(
        'portcullis_config_rejected_total{reason="signature"} 1',
      ),
    ).toBe(true);
    expect((await cp.poll(3)).since).toBe(3);

    cp.answer({ status: 200, jws: await cp.sign(cp.delta(3, 4, { users: [USER] })) });
    expect((await cp.poll(4)).since).toBe(4);
  });

  it('becomes ready from disk before the control plane answers, without enrolling again', async () => {
    const first = startNode();
    await syncedAt(first, 3);
    cp.answer({ status: 200, jws: await cp.sign(cp.delta(3, 4, { users: [USER] })) });
    await cp.poll(3);
    await first.client.stop();

    const second = startNode({ token: null });
    const loaded = await second.logs.waitFor((line) => line.msg === 'config loaded from disk');

    expect(loaded).toMatchObject({ revision: 4, deltas: 1 });
    expect(second.store.current()?.revision).toBe(4);
    expect(second.store.lastSyncAt).toBeInstanceOf(Date);
    expect((await cp.poll(4)).since).toBe(4);
    expect(cp.enrollments).toBe(1);
  });

  it('keeps serving its config when the control plane refuses the node', async () => {
    const node = startNode();
    await syncedAt(node, 2);

    cp.revoked = true;
    cp.answer({ status: 304 });
    const refused = await node.logs.waitFor((line) => line.level === 50);

    expect(refused.msg).toContain('refused this node');
    expect(node.store.current()?.revision).toBe(2);
  });

  it('asks for a snapshot after the stored deltas reach the limit, and compacts', async () => {
    const node = startNode({ maxStoredDeltas: 2 });
    await syncedAt(node, 1);
    cp.answer({ status: 200, jws: await cp.sign(cp.delta(1, 2)) });
    await cp.poll(3);
    cp.answer({ status: 200, jws: await cp.sign(cp.delta(2, 3)) });

    expect((await cp.poll(4)).since).toBe(0);
    const snapshot = await cp.sign(cp.snapshot(3));
    cp.answer({ status: 200, jws: snapshot });

    expect((await cp.poll(5)).since).toBe(3);
    expect(await readFile(path.join(dir, 'config', 'snapshot.jws'), 'utf8')).toBe(`${snapshot}\n`);
    expect(await readFile(path.join(dir, 'config', 'deltas.jsonl'), 'utf8')).toBe('');
  });

  it('trusts keys announced by verified documents and drops those a snapshot no longer lists', async () => {
    const node = startNode();
    await syncedAt(node, 1);
    const old = cp.signingKey;
    const next = await generateSigningKey();
    const announced = [old, next].map((key) => ({
      kid: key.kid,
      publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x },
    }));

    cp.answer({ status: 200, jws: await cp.sign(cp.delta(1, 2, { signingKeys: announced }), old) });
    await cp.poll(3);
    cp.answer({ status: 200, jws: await cp.sign(cp.delta(2, 3), next) });
    await cp.poll(4);
    expect(node.store.current()?.revision).toBe(3);

    cp.answer({ status: 200, jws: await cp.sign(cp.snapshot(4, {}, [next]), next) });
    await cp.poll(5);
    expect((await loadNodeIdentity(dir))?.trustedKeys.map((key) => key.kid)).toEqual([next.kid]);

    cp.answer({ status: 200, jws: await cp.sign(cp.delta(4, 5), old) });
    const refused = await node.logs.waitFor((line) => line.msg.startsWith('config document refused'));
    expect(refused).toMatchObject({ reason: 'signature' });
    expect(String(refused['detail'])).toContain('UNKNOWN_KEY');
  });

  it('fetches the fleet secrets again when a bundle names a fleet key it lacks', async () => {
    const node = startNode();
    await syncedAt(node, 1);
    expect(cp.secretsRequests).toBe(1);
    const rotated = { kid: 'f2f2f2f2f2f2f2f2', key: Buffer.alloc(32, 7).toString('base64url') };
    cp.fleetKeys = [...cp.fleetKeys, rotated];
    const provider = {
      id: '9a1f5e3c-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
      tenantId: null,
      type: 'mock',
      baseUrl: 'http://127.0.0.1:9/v1',
      options: {},
      timeouts: { connectMs: 1000, firstByteMs: 1000, totalMs: 5000 },
      credentials: sealValue(
        '{"apiKey":"sk-test"}',
        Buffer.from(rotated.key, 'base64url'),
        rotated.kid,
        'provider-credentials:9a1f5e3c-1d2b-4c3d-8e4f-5a6b7c8d9e0f',
      ),
    };

    cp.answer({ status: 200, jws: await cp.sign(cp.delta(1, 2, { providers: [provider] })) });
    await cp.poll(3);

    expect(cp.secretsRequests).toBe(2);
    expect(node.client.secrets?.fleetKeys.has(rotated.kid)).toBe(true);
  });

  it('stops with a clear error when it has no identity and no enrollment token', async () => {
    const node = startNode({ token: null });

    await expect(node.running).rejects.toBeInstanceOf(ConfigSyncFatalError);
    await expect(node.running).rejects.toThrow(/DATA_PLANE_ENROLLMENT_TOKEN .*is required/);
    expect(cp.enrollments).toBe(0);
  });

  it('stops with a clear error when the control plane refuses the token', async () => {
    const node = startNode({ token: `pen_${'b'.repeat(43)}` });

    await expect(node.running).rejects.toThrow(
      /DATA_PLANE_ENROLLMENT_TOKEN was refused.*401 UNAUTHENTICATED/,
    );
    expect(await loadNodeIdentity(dir)).toBeUndefined();
  });
});
