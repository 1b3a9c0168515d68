import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm, type FakeLlm } from '@portcullis/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  metric,
  startControlPlane,
  startDataPlane,
  waitForRevision,
  type ControlPlaneProcess,
  type DataPlaneProcess,
} from './support/config-sync-stack.js';

/**
 * Usage events survive the control plane going away: a node keeps serving from its last good
 * configuration, keeps its usage events on disk, and delivers each exactly once when the control
 * plane is back (issue 7: "no usage event is lost or doubled").
 */

let cp: ControlPlaneProcess;
let node: DataPlaneProcess;
let fake: FakeLlm;
let db: pg.Client;
let key: string;
let port: string;

const unique = (): string => randomBytes(3).toString('hex');

/** One chat call through the node; answers the request id the client saw. */
async function call(): Promise<string> {
  const response = await fetch(`${node.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'usage-model', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  await response.text();
  expect(response.status).toBe(200);
  return response.headers.get('x-request-id') ?? '';
}

/** Stored events per request id, for the given ids. */
async function stored(requestIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ request_id: string; n: string }>(
    'SELECT request_id, count(*)::text AS n FROM usage_events WHERE request_id = ANY($1) GROUP BY request_id',
    [requestIds],
  );
  return new Map(rows.map((row) => [row.request_id, Number(row.n)]));
}

/** Re-checks `condition` until it holds (each check is a query or a metrics scrape), at most ~20 s. */
async function eventually(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

beforeAll(async () => {
  fake = await startFakeLlm({ defaultReply: { text: 'ok', usage: { inputTokens: 7, outputTokens: 1 } } });
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  cp = await startControlPlane(inject('databaseUrl'), inject('redisUrl'), inject('redisPrefix'), {
    PROVIDER_ALLOWED_HTTP_HOSTS: '127.0.0.1',
  });
  port = new URL(cp.url).port;
  const tenant = await cp.admin<{ id: string }>('POST', '/api/v1/tenants', {
    slug: `usage-${unique()}`,
    name: 'Usage',
  });
  const provider = await cp.admin<{ id: string }>('POST', '/api/v1/providers', {
    name: `fake-${unique()}`,
    type: 'openai',
    baseUrl: `${fake.url}/v1`,
    credentials: { apiKey: 'sk-fake-upstream-key-0001' },
  });
  await cp.admin('POST', '/api/v1/models', {
    tenantId: tenant.id,
    alias: 'usage-model',
    deployments: [{ providerId: provider.id, upstreamModel: 'gpt-4o-mini', weight: 1, priority: 0 }],
  });
  const app = await cp.admin<{ id: string }>('POST', '/api/v1/apps', { tenantId: tenant.id, name: 'usage' });
  await cp.admin('POST', '/api/v1/grants', {
    tenantId: tenant.id,
    model: 'usage-model',
    subject: { kind: 'application', id: app.id },
  });
  key = (
    await cp.admin<{ key: string }>('POST', '/api/v1/keys', {
      name: 'usage',
      owner: { kind: 'application', id: app.id },
    })
  ).key;
  const enrollment = await cp.admin<{ token: string }>('POST', '/api/v1/enrollment-tokens', {
    name: 'usage node',
  });
  node = await startDataPlane({
    controlPlaneUrl: cp.url,
    dataDir: mkdtempSync(join(tmpdir(), 'portcullis-usage-')),
    name: 'usage-node',
    enrollmentToken: enrollment.token,
  });
  const revision = (await cp.admin<{ revision: number }>('GET', '/api/v1/config-revision')).revision;
  await waitForRevision(node, revision);
});

afterAll(async () => {
  await node.stop();
  await cp.stop();
  await db.end();
  await fake.close();
});

describe('usage events', () => {
  it('reach the control plane once each, also when it was down while they happened', async () => {
    const before: string[] = [];
    for (let i = 0; i < 5; i += 1) before.push(await call());
    await eventually(async () => (await stored(before)).size === 5);

    expect(await cp.stop()).toBe(0);
    const during: string[] = [];
    for (let i = 0; i < 10; i += 1) during.push(await call());
    await eventually(async () => ((await metric(node, 'portcullis_usage_spool_events')) ?? 0) >= 10);
    expect((await stored(during)).size).toBe(0);

    cp = await startControlPlane(inject('databaseUrl'), inject('redisUrl'), inject('redisPrefix'), {
      PROVIDER_ALLOWED_HTTP_HOSTS: '127.0.0.1',
      CONTROL_PLANE_PORT: port,
    });
    const all = [...before, ...during];
    await eventually(async () => (await stored(all)).size === all.length);
    await eventually(async () => (await metric(node, 'portcullis_usage_spool_events')) === 0);

    const counts = await stored(all);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(all).size).toBe(15);
    const { rows } = await db.query<{ tokens: string }>(
      'SELECT sum(input_tokens)::text AS tokens FROM usage_events WHERE request_id = ANY($1)',
      [all],
    );
    expect(rows[0]?.tokens).toBe(String(15 * 7));
  });
});
