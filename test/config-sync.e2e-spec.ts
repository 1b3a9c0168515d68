import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@portcullis/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  metric,
  startControlPlane,
  startDataPlane,
  startTamperingProxy,
  waitForRevision,
  type ControlPlaneProcess,
  type DataPlaneProcess,
  type TamperingProxy,
} from './support/config-sync-stack.js';

/**
 * Config distribution end to end (decision 0010): a built control plane and two built data-plane
 * nodes as processes, enrolled with tokens minted through the admin API. Node B talks to the
 * control plane through a proxy that can alter what it forwards.
 */

let database: TestDatabase;
let cp: ControlPlaneProcess;
let proxy: TamperingProxy;
let nodeA: DataPlaneProcess;
let nodeB: DataPlaneProcess;
let tenantId: string;
let applicationId: string;
const dataDirs: string[] = [];
/** Undone in reverse order after the file, whatever was started before a failure. */
const cleanups: (() => Promise<unknown>)[] = [];

const unique = (): string => Math.random().toString(36).slice(2, 8);

async function currentRevision(): Promise<number> {
  return (await cp.admin<{ revision: number }>('GET', '/api/v1/config-revision')).revision;
}

/** One config change: a new API key for the test application. Returns the revision it made. */
async function createKey(): Promise<number> {
  await cp.admin('POST', '/api/v1/keys', {
    name: `key-${unique()}`,
    owner: { kind: 'application', id: applicationId },
  });
  return currentRevision();
}

async function enrollmentToken(name: string): Promise<string> {
  return (await cp.admin<{ token: string }>('POST', '/api/v1/enrollment-tokens', { name })).token;
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-node-'));
  dataDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  const serverUrl = new URL(inject('databaseUrl'));
  serverUrl.pathname = '/postgres';
  database = await createTestDatabase(serverUrl.toString());
  cleanups.push(() => database.drop());
  cp = await startControlPlane(database.url, inject('redisUrl'), inject('redisPrefix'));
  cleanups.push(() => cp.stop());
  proxy = await startTamperingProxy(cp.url);
  cleanups.push(() => proxy.close());

  const tenant = await cp.admin<{ id: string }>('POST', '/api/v1/tenants', {
    slug: `sync-${unique()}`,
    name: 'Config sync',
  });
  tenantId = tenant.id;
  applicationId = (await cp.admin<{ id: string }>('POST', '/api/v1/apps', { tenantId, name: 'sync-bot' })).id;

  [nodeA, nodeB] = await Promise.all([
    startDataPlane({
      controlPlaneUrl: cp.url,
      dataDir: dataDir(),
      name: 'node-a',
      enrollmentToken: await enrollmentToken('node a'),
    }),
    startDataPlane({
      controlPlaneUrl: proxy.url,
      dataDir: dataDir(),
      name: 'node-b',
      enrollmentToken: await enrollmentToken('node b'),
    }),
  ]);
  // The variables, not the first processes: node A is replaced by the restart test.
  cleanups.push(() => Promise.all([nodeA.stop(), nodeB.stop()]));
  const revision = await currentRevision();
  await Promise.all([waitForRevision(nodeA, revision), waitForRevision(nodeB, revision)]);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('config sync between the control plane and data-plane nodes', () => {
  it('enrolls both nodes and makes them ready with the current config', async () => {
    const revision = await currentRevision();

    for (const node of [nodeA, nodeB]) {
      const ready = await fetch(`${node.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(
        ((await ready.json()) as { checks: Record<string, { message: string }> }).checks['config'],
      ).toEqual({
        status: 'ok',
        message: `revision ${revision}`,
      });
    }
    const nodes = await cp.admin<{ name: string; status: string }[]>('GET', '/api/v1/nodes');
    expect(nodes.map((node) => node.name).sort()).toEqual(['node-a', 'node-b']);
  });

  it('applies a change on both nodes', async () => {
    const before = await currentRevision();

    const revision = await createKey();

    expect(revision).toBeGreaterThan(before);
    expect(await waitForRevision(nodeA, revision)).toBe(revision);
    expect(await waitForRevision(nodeB, revision)).toBe(revision);
    // A delta, not a snapshot, carried it: one was applied on top of the first snapshot.
    const applied = nodeA.lines.filter(
      (line) => line.msg === 'config applied' && line['revision'] === revision,
    );
    expect(applied).toEqual([expect.objectContaining({ kind: 'delta', previousRevision: before })]);
  });

  it('refuses a bundle altered in transit and keeps the one it has', async () => {
    const held = await currentRevision();
    await waitForRevision(nodeB, held);
    expect(await metric(nodeB, 'portcullis_config_rejected_total', { reason: 'signature' })).toBe(0);
    proxy.tamper = true;
    const mark = nodeB.lines.length;

    const revision = await createKey();
    const refused = await nodeB.waitForLog(
      (line) => line.msg?.startsWith('config document refused') ?? false,
      mark,
    );

    expect(refused).toMatchObject({ reason: 'signature', currentRevision: held });
    expect(proxy.tampered).toBeGreaterThanOrEqual(1);
    expect(
      await metric(nodeB, 'portcullis_config_rejected_total', { reason: 'signature' }),
    ).toBeGreaterThanOrEqual(1);
    expect(await metric(nodeB, 'portcullis_config_revision')).toBe(held);
    expect((await fetch(`${nodeB.url}/readyz`)).status).toBe(200);
    // Node A, which is not behind the proxy, is not affected.
    expect(await waitForRevision(nodeA, revision)).toBe(revision);

    proxy.tamper = false;
    expect(await waitForRevision(nodeB, revision)).toBe(revision);
  });

  it('restarts ready from disk while the control plane is down', async () => {
    const revision = await currentRevision();
    await Promise.all([waitForRevision(nodeA, revision), waitForRevision(nodeB, revision)]);

    // The nodes first: a graceful control-plane shutdown waits for the long-polls still open.
    expect(await Promise.all([nodeA.stop(), nodeB.stop()])).toEqual([0, 0]);
    await proxy.close();
    expect(await cp.stop()).toBe(0);
    nodeA = await startDataPlane({ controlPlaneUrl: cp.url, dataDir: nodeA.dataDir, name: 'node-a' });
    const loaded = await nodeA.waitForLog((line) => line.msg === 'config loaded from disk');

    expect(loaded).toMatchObject({ revision });
    const ready = await fetch(`${nodeA.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await metric(nodeA, 'portcullis_config_revision')).toBe(revision);
    expect(nodeA.lines.some((line) => line.msg === 'node enrolled')).toBe(false);
  });
});
