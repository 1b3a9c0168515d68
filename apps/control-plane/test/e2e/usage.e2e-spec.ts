import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { UsageEvent } from '@portcullis/contracts';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ApiKeyUsageRecorder } from '../../src/modules/access/access.reader.js';
import { StoreUsageBatchJob } from '../../src/modules/usage/jobs/store-usage-batch.job.js';
import { JOB_QUEUE, type JobQueue } from '../../src/platform/queue/job-queue.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { sql } from '../support/database.js';
import { enrollTestNode, newNodeKeys, nodeAssertion, type TestNode } from '../support/nodes.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';

interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}
interface UsageBody {
  id: string;
  tenantId: string;
  nodeId: string;
  principal: { kind: string; id: string };
  keyId: string | null;
  model: string;
  status: number;
  occurredAt: string;
  receivedAt: string;
  tokens: { input: number; output: number; cachedInput: number; estimated: boolean } | null;
  cost: { amount: number; currency: string } | null;
}
interface Sums {
  calls: number;
  errors: number;
  tokens: { input: number; output: number; cachedInput: number };
  cost: { currency: string; amount: number }[];
}
interface SummaryBody {
  groupBy: string;
  total: Sums;
  groups: (Sums & {
    model?: string;
    principal?: { kind: string; id: string };
    keyId?: string | null;
    day?: string;
  })[];
  truncated: boolean;
}

const gzipAsync = promisify(gzip);

/** A valid event of `tenantId`; `fields` override any part of it. */
function usageEvent(tenantId: string, fields: Partial<UsageEvent> = {}): UsageEvent {
  return {
    id: randomUUID(),
    requestId: `req-${randomUUID()}`,
    occurredAt: '2026-03-02T10:00:00.000Z',
    tenantId,
    principal: { kind: 'application', id: randomUUID() },
    keyId: null,
    route: 'chat.completions',
    model: 'gpt-4o',
    stream: false,
    deployment: { providerId: randomUUID(), upstreamModel: 'gpt-4o-2024-08-06' },
    status: 200,
    errorCode: null,
    tokens: { input: 100, output: 20, cachedInput: 10, estimated: false },
    cost: { amount: 0.0125, currency: 'USD' },
    latencyMs: { total: 812.5, upstream: 790.25 },
    attempts: 1,
    cacheHit: false,
    redactions: { EMAIL: 2 },
    ...fields,
  };
}

async function body<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

/** Creates an admin object (as `token`, else the admin token); answers its id. */
async function create(path: string, json: unknown, token?: string): Promise<string> {
  const response = await cp.request(path, {
    method: 'POST',
    json,
    ...(token === undefined ? {} : { token }),
  });
  return (await body<{ id: string }>(response, 201)).id;
}

/** A control plane with a Redis prefix of its own (BullMQ) or no Redis (in-process jobs). */
async function startUsageControlPlane(queue: 'bullmq' | 'in-process'): Promise<TestControlPlane> {
  // Its own prefix: only this process works these jobs, so the key last-used times it notes are here.
  return startTestControlPlane(
    queue === 'bullmq'
      ? { REDIS_PREFIX: `${inject('redisPrefix')}-usage-${randomUUID().slice(0, 8)}` }
      : { REDIS_URL: undefined },
  );
}

/**
 * Posts batches as a node and waits for the job each enqueued: `send` resolves with the number of
 * events that job stored as new. Jobs are matched to posts by the x-request-id the job carries.
 */
function nodeClient(cp: TestControlPlane) {
  const job = cp.app.get(StoreUsageBatchJob);
  const run = job.run.bind(job);
  const waiting = new Map<string, (stored: number) => void>();
  vi.spyOn(job, 'run').mockImplementation(async (data) => {
    const stored = await run(data);
    waiting.get(data.requestId)?.(stored);
    return stored;
  });

  async function post(
    node: TestNode | null,
    payload: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    let raw: string | Blob;
    if (Buffer.isBuffer(payload)) raw = new Blob([new Uint8Array(payload)]);
    else raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
    return cp.request('/dataplane/v1/usage', {
      method: 'POST',
      token: null,
      headers: {
        'content-type': 'application/json',
        ...(node === null ? {} : { authorization: `Bearer ${await nodeAssertion(node)}` }),
        ...headers,
      },
      body: raw,
    });
  }

  async function send(node: TestNode, events: UsageEvent[], options: { gzip?: boolean } = {}) {
    const requestId = `usage-test-${randomUUID()}`;
    const stored = new Promise<number>((resolve) => waiting.set(requestId, resolve));
    const json = JSON.stringify({ events });
    const response = await post(
      node,
      options.gzip === true ? await gzipAsync(json) : json,
      options.gzip === true
        ? { 'content-encoding': 'gzip', 'x-request-id': requestId }
        : { 'x-request-id': requestId },
    );
    expect(await body(response, 202)).toEqual({ accepted: events.length });
    return stored;
  }

  return { post, send, job };
}

async function storedCount(ids: readonly string[]): Promise<number> {
  const [row] = await sql<{ n: number }[]>(
    cp,
    'SELECT count(*)::int AS n FROM usage_events WHERE id = ANY($1)',
    [ids],
  );
  return row?.n ?? -1;
}

let cp: TestControlPlane;

describe.each(['bullmq', 'in-process'] as const)('POST /dataplane/v1/usage with %s jobs', (queue) => {
  let client: ReturnType<typeof nodeClient>;
  let node: TestNode;
  let tenant: TestTenant;

  beforeAll(async () => {
    cp = await startUsageControlPlane(queue);
    expect(cp.app.get<JobQueue>(JOB_QUEUE).kind).toBe(queue);
    client = nodeClient(cp);
    node = await enrollTestNode(cp);
    tenant = await createTenant(cp, 'usage');
  });

  afterAll(async () => {
    await cp.close();
  });

  it('stores a batch once, however often it arrives or its job runs', async () => {
    const events = [
      usageEvent(tenant.id),
      usageEvent(tenant.id, {
        tokens: null,
        cost: null,
        deployment: null,
        status: 403,
        errorCode: 'no_grant',
      }),
      usageEvent(tenant.id, { principal: { kind: 'user', id: 'jit:someone@example.com' }, stream: true }),
    ];
    const receivedAfter = Date.now();
    expect(await client.send(node, events)).toBe(3);
    expect(await client.send(node, events)).toBe(0);
    // A job retried after it had stored its batch (a worker lost before acknowledging it).
    const retried = await client.job.run({
      nodeId: node.id,
      receivedAt: new Date().toISOString(),
      requestId: 'x',
      events,
    });
    expect(retried).toBe(0);
    expect(await storedCount(events.map((event) => event.id))).toBe(3);

    const [first] = await sql<Record<string, unknown>[]>(cp, 'SELECT * FROM usage_events WHERE id = $1', [
      events[0]?.id,
    ]);
    expect(first).toMatchObject({
      request_id: events[0]?.requestId,
      node_id: node.id,
      tenant_id: tenant.id,
      principal_kind: 'application',
      principal_id: events[0]?.principal.id,
      key_id: null,
      route: 'chat.completions',
      model: 'gpt-4o',
      stream: false,
      provider_id: events[0]?.deployment?.providerId,
      upstream_model: 'gpt-4o-2024-08-06',
      status: 200,
      error_code: null,
      input_tokens: '100',
      output_tokens: '20',
      cached_input_tokens: '10',
      tokens_estimated: false,
      cost_amount: '0.0125',
      cost_currency: 'USD',
      latency_ms: 812.5,
      upstream_latency_ms: 790.25,
      attempts: 1,
      cache_hit: false,
      redactions: { EMAIL: 2 },
    });
    expect((first?.occurred_at as Date).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect((first?.received_at as Date).getTime()).toBeGreaterThanOrEqual(receivedAfter - 1000);
    const [refused] = await sql<Record<string, unknown>[]>(cp, 'SELECT * FROM usage_events WHERE id = $1', [
      events[1]?.id,
    ]);
    expect(refused).toMatchObject({
      status: 403,
      error_code: 'no_grant',
      input_tokens: null,
      cost_amount: null,
    });
  });

  it('refuses a batch with one bad event, naming its fields, and stores none of it', async () => {
    const enqueue = vi.spyOn(cp.app.get<JobQueue>(JOB_QUEUE), 'enqueue');
    const good = usageEvent(tenant.id);
    const bad = usageEvent(tenant.id, { tokens: { input: -1, output: 2, cachedInput: 0, estimated: false } });
    const extra = { ...usageEvent(tenant.id), prompt: 'never stored' };
    try {
      const refused = await body<ErrorBody>(
        await client.post(node, { events: [good, good, bad, extra] }),
        400,
      );
      expect(refused.error.code).toBe('VALIDATION_FAILED');
      expect(refused.error.fields?.map((problem) => problem.field)).toEqual([
        'events[2].tokens.input',
        'events[3]',
      ]);
      expect(refused.error.message).toContain('events[2].tokens.input');

      const unstorable = usageEvent(tenant.id, { occurredAt: '0000-06-01T00:00:00Z' });
      const old = await body<ErrorBody>(await client.post(node, { events: [unstorable] }), 400);
      expect(old.error.fields?.map((problem) => problem.field)).toEqual(['events[0].occurredAt']);

      for (const [payload, field] of [
        [{ events: [] }, 'events'],
        [{ events: Array.from({ length: 1001 }, () => good) }, 'events'],
        [{}, 'events'],
        [[good], '(root)'],
      ] as const) {
        const problem = await body<ErrorBody>(await client.post(node, payload), 400);
        expect(problem.error.fields?.[0]?.field).toBe(field);
      }
      expect(enqueue).not.toHaveBeenCalled();
    } finally {
      enqueue.mockRestore();
    }
    expect(await storedCount([good.id, bad.id, extra.id])).toBe(0);

    const notJson = await client.post(node, 'events=1', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect((await body<ErrorBody>(notJson, 415)).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const broken = await client.post(node, '{"events": [', {});
    expect((await body<ErrorBody>(broken, 400)).error.code).toBe('VALIDATION_FAILED');
  });

  it('takes 1,000 events, gzipped or not, well over the admin API’s 1 MB', async () => {
    const batch = () =>
      Array.from({ length: 1000 }, () =>
        usageEvent(tenant.id, {
          requestId: `req-${'r'.repeat(150)}-${randomUUID()}`,
          principal: { kind: 'user', id: `jit:${'s'.repeat(250)}` },
        }),
      );
    const plain = batch();
    expect(JSON.stringify({ events: plain }).length).toBeGreaterThan(1024 * 1024);
    expect(await client.send(node, plain)).toBe(1000);
    const zipped = batch();
    expect(await client.send(node, zipped, { gzip: true })).toBe(1000);
    expect(await storedCount([...plain, ...zipped].map((event) => event.id))).toBe(2000);

    const corrupt = await client.post(node, Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    expect((await body<ErrorBody>(corrupt, 400)).error.code).toBe('VALIDATION_FAILED');
    const unknown = await client.post(node, Buffer.from('{}'), { 'content-encoding': 'compress' });
    expect((await body<ErrorBody>(unknown, 415)).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses nodes without a valid assertion: missing, unenrolled, revoked', async () => {
    const event = usageEvent(tenant.id);
    const missing = await client.post(null, { events: [event] });
    expect((await body<ErrorBody>(missing, 401)).error.code).toBe('UNAUTHENTICATED');
    const stranger = { id: randomUUID(), name: 'stranger', ...(await newNodeKeys()) };
    expect((await client.post(stranger, { events: [event] })).status).toBe(401);

    const doomed = await enrollTestNode(cp);
    expect(await client.send(doomed, [usageEvent(tenant.id)])).toBe(1);
    await body(await cp.request(`/api/v1/nodes/${doomed.id}`, { method: 'DELETE' }), 200);
    const revoked = await client.post(doomed, { events: [event] });
    expect((await body<ErrorBody>(revoked, 401)).error.code).toBe('UNAUTHENTICATED');
    expect(await storedCount([event.id])).toBe(0);
  });

  it('answers 503 and keeps nothing when the queue does not take the batch', async () => {
    const failing = vi
      .spyOn(cp.app.get<JobQueue>(JOB_QUEUE), 'enqueue')
      .mockRejectedValueOnce(new Error('redis is away'));
    const event = usageEvent(tenant.id);
    try {
      const refused = await body<ErrorBody>(await client.post(node, { events: [event] }), 503);
      expect(refused.error.code).toBe('UNAVAILABLE');
    } finally {
      failing.mockRestore();
    }
    expect(await storedCount([event.id])).toBe(0);
    // The node sends it again later, and it is stored.
    expect(await client.send(node, [event])).toBe(1);
  });

  it('moves the last-used time of the keys the events name', async () => {
    const applicationId = await create('/api/v1/apps', {
      tenantId: tenant.id,
      name: `usage-${randomUUID()}`,
    });
    const keyId = await create('/api/v1/keys', {
      name: 'metered',
      owner: { kind: 'application', id: applicationId },
    });
    const principal = { kind: 'application' as const, id: applicationId };
    await client.send(node, [
      usageEvent(tenant.id, { keyId, principal, occurredAt: '2026-05-01T08:00:00.000Z' }),
      usageEvent(tenant.id, { keyId, principal, occurredAt: '2026-05-01T09:30:00.000Z' }),
    ]);
    await cp.app.get(ApiKeyUsageRecorder).flush();
    const used = await body<{ lastUsedAt: string | null }>(await cp.request(`/api/v1/keys/${keyId}`), 200);
    expect(used.lastUsedAt).toBe('2026-05-01T09:30:00.000Z');

    // An older event (a late replay) never moves it back.
    await client.send(node, [
      usageEvent(tenant.id, { keyId, principal, occurredAt: '2026-04-01T00:00:00Z' }),
    ]);
    await cp.app.get(ApiKeyUsageRecorder).flush();
    const still = await body<{ lastUsedAt: string | null }>(await cp.request(`/api/v1/keys/${keyId}`), 200);
    expect(still.lastUsedAt).toBe('2026-05-01T09:30:00.000Z');
  });

  it('logs what it stored, never the node’s assertion nor the events', async () => {
    const assertion = await nodeAssertion(node);
    const event = usageEvent(tenant.id);
    const response = await client.post(null, { events: [event] }, { authorization: `Bearer ${assertion}` });
    expect(response.status).toBe(202);
    await vi.waitFor(async () => {
      expect(await storedCount([event.id])).toBe(1);
    });
    await vi.waitFor(() => {
      const stored = cp.logs.entries().filter((entry) => entry.msg === 'usage batch stored');
      expect(stored).toContainEqual(expect.objectContaining({ nodeId: node.id, events: 1, stored: 1 }));
    });
    expect(cp.logs.text).not.toContain(assertion.split('.')[2]);
    expect(cp.logs.text).not.toContain(event.requestId);
  });
});

describe('GET /api/v1/usage and /api/v1/usage/summary', () => {
  let tenantA: TestTenant;
  let tenantB: TestTenant;
  let people: Record<'owner' | 'auditor' | 'developer' | 'nobody' | 'otherOwner', TestPerson>;
  let developerKey: string;
  let appId: string;
  let appKey: string;
  let client: ReturnType<typeof nodeClient>;
  let node: TestNode;
  const events: UsageEvent[] = [];

  beforeAll(async () => {
    cp = await startUsageControlPlane('bullmq');
    client = nodeClient(cp);
    node = await enrollTestNode(cp);
    tenantA = await createTenant(cp, 'usage-a');
    tenantB = await createTenant(cp, 'usage-b');
    people = {
      owner: await createPerson(cp, tenantA, 'owner', 'tenant-owner'),
      auditor: await createPerson(cp, tenantA, 'auditor', 'auditor'),
      developer: await createPerson(cp, tenantA, 'developer', 'developer'),
      nobody: await createPerson(cp, tenantA, 'nobody'),
      otherOwner: await createPerson(cp, tenantB, 'owner', 'tenant-owner'),
    };
    developerKey = await create('/api/v1/keys', { name: 'mine' }, people.developer.token);
    appId = await create('/api/v1/apps', { tenantId: tenantA.id, name: `app-${randomUUID()}` });
    appKey = await create('/api/v1/keys', { name: 'service', owner: { kind: 'application', id: appId } });
    const developer = { kind: 'user' as const, id: people.developer.userId };
    const app = { kind: 'application' as const, id: appId };
    events.push(
      // The developer's own calls: with their key, and with an IdP token.
      usageEvent(tenantA.id, {
        principal: developer,
        keyId: developerKey,
        occurredAt: '2026-02-01T10:00:00Z',
      }),
      usageEvent(tenantA.id, {
        principal: developer,
        model: 'claude-sonnet',
        occurredAt: '2026-02-02T10:00:00Z',
        cost: { amount: 0.5, currency: 'EUR' },
      }),
      // The application's calls: one refused, one failed upstream.
      usageEvent(tenantA.id, { principal: app, keyId: appKey, occurredAt: '2026-02-02T11:00:00Z' }),
      usageEvent(tenantA.id, {
        principal: app,
        keyId: appKey,
        occurredAt: '2026-02-02T12:00:00Z',
        status: 403,
        errorCode: 'no_grant',
        tokens: null,
        cost: null,
        deployment: null,
      }),
      usageEvent(tenantA.id, {
        principal: app,
        keyId: appKey,
        occurredAt: '2026-02-03T09:00:00Z',
        status: 502,
        errorCode: 'upstream_error',
        tokens: { input: 40, output: 0, cachedInput: 0, estimated: true },
        cost: { amount: 0.002, currency: 'USD' },
      }),
      // The developer's key used by someone else's call (the key clause, on its own).
      usageEvent(tenantA.id, { principal: app, keyId: developerKey, occurredAt: '2026-02-04T09:00:00Z' }),
      // Tenant B.
      usageEvent(tenantB.id, { occurredAt: '2026-02-02T10:30:00Z' }),
    );
    expect(await client.send(node, events)).toBe(events.length);
  });

  afterAll(async () => {
    await cp.close();
  });

  async function list(filter: Record<string, unknown>, token?: string, extra = ''): Promise<UsageBody[]> {
    const query = `filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`;
    return body<UsageBody[]>(
      await cp.request(`/api/v1/usage?${query}`, token === undefined ? {} : { token }),
      200,
    );
  }

  async function summary(query: Record<string, string>, token?: string): Promise<SummaryBody> {
    const search = new URLSearchParams(query).toString();
    return body<SummaryBody>(
      await cp.request(`/api/v1/usage/summary?${search}`, token === undefined ? {} : { token }),
      200,
    );
  }

  const ids = (rows: { id: string }[]): string[] => rows.map((row) => row.id);
  const idsOf = (...indexes: number[]): string[] => indexes.map((index) => events[index]?.id ?? '');

  it('lists a tenant’s events newest first, page by page, with Content-Range', async () => {
    const all = await list({ tenantId: tenantA.id });
    expect(ids(all)).toEqual(idsOf(5, 4, 3, 2, 1, 0));
    expect(all[0]).toMatchObject({ tenantId: tenantA.id, principal: { kind: 'application', id: appId } });
    const response = await cp.request(
      `/api/v1/usage?filter=${encodeURIComponent(JSON.stringify({ tenantId: tenantA.id }))}&range=[2,3]`,
    );
    expect(response.headers.get('content-range')).toBe('usage 2-3/6');
    expect(ids((await response.json()) as UsageBody[])).toEqual(idsOf(3, 2));
    const oldestFirst = await list({ tenantId: tenantA.id }, undefined, '&sort=["occurredAt","ASC"]');
    expect(ids(oldestFirst)).toEqual(idsOf(0, 1, 2, 3, 4, 5));
  });

  it('filters by principal, key, model, status class and time', async () => {
    const t = tenantA.id;
    const developer = people.developer.userId;
    expect(ids(await list({ tenantId: t, principalKind: 'user', principalId: developer }))).toEqual(
      idsOf(1, 0),
    );
    expect(ids(await list({ tenantId: t, keyId: appKey }))).toEqual(idsOf(4, 3, 2));
    expect(ids(await list({ tenantId: t, model: 'claude-sonnet' }))).toEqual(idsOf(1));
    expect(ids(await list({ tenantId: t, statusClass: '4xx' }))).toEqual(idsOf(3));
    expect(ids(await list({ tenantId: t, statusClass: '5xx' }))).toEqual(idsOf(4));
    expect(
      ids(await list({ tenantId: t, from: '2026-02-02T00:00:00Z', to: '2026-02-02T12:00:00Z' })),
    ).toEqual(idsOf(2, 1));

    const refused = await cp.request(
      `/api/v1/usage?filter=${encodeURIComponent(JSON.stringify({ tenantId: 'acme', statusClass: 'bad', q: 1 }))}`,
    );
    const problems = (await body<ErrorBody>(refused, 400)).error.fields?.map((problem) => problem.field);
    expect(problems).toEqual(['filter.q']);
    const invalid = await cp.request(
      `/api/v1/usage?filter=${encodeURIComponent(JSON.stringify({ tenantId: 'acme', statusClass: 'bad' }))}`,
    );
    const fields = (await body<ErrorBody>(invalid, 400)).error.fields?.map((problem) => problem.field);
    expect(fields).toEqual(['filter.tenantId', 'filter.statusClass']);
  });

  it('sums calls, errors, tokens and cost per currency, by model, principal, key and day', async () => {
    const t = tenantA.id;
    const byModel = await summary({ tenantId: t, groupBy: 'model' });
    expect(byModel.total).toEqual({
      calls: 6,
      errors: 2,
      tokens: { input: 440, output: 80, cachedInput: 40 },
      cost: [
        { currency: 'EUR', amount: 0.5 },
        { currency: 'USD', amount: 0.0395 },
      ],
    });
    expect(byModel.groups).toEqual([
      {
        model: 'gpt-4o',
        calls: 5,
        errors: 2,
        tokens: { input: 340, output: 60, cachedInput: 30 },
        cost: [{ currency: 'USD', amount: 0.0395 }],
      },
      {
        model: 'claude-sonnet',
        calls: 1,
        errors: 0,
        tokens: { input: 100, output: 20, cachedInput: 10 },
        cost: [{ currency: 'EUR', amount: 0.5 }],
      },
    ]);
    expect(byModel.truncated).toBe(false);

    const byPrincipal = await summary({ tenantId: t, groupBy: 'principal' });
    expect(byPrincipal.groups.map((group) => [group.principal, group.calls])).toEqual([
      [{ kind: 'application', id: appId }, 4],
      [{ kind: 'user', id: people.developer.userId }, 2],
    ]);
    const byKey = await summary({ tenantId: t, groupBy: 'key' });
    expect(byKey.groups.map((group) => [group.keyId, group.calls])).toEqual(
      expect.arrayContaining([
        [appKey, 3],
        [developerKey, 2],
        [null, 1],
      ]),
    );
    const byDay = await summary({ tenantId: t, groupBy: 'day', from: '2026-02-02T00:00:00Z' });
    expect(byDay.groups.map((group) => [group.day, group.calls, group.errors])).toEqual([
      ['2026-02-02', 3, 1],
      ['2026-02-03', 1, 1],
      ['2026-02-04', 1, 0],
    ]);
    expect(byDay.total.calls).toBe(5);

    const refused = await cp.request(`/api/v1/usage/summary?groupBy=week&tenantId=${t}&extra=1`);
    const fields = (await body<ErrorBody>(refused, 400)).error.fields?.map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['groupBy', 'extra']));
  });

  it('orders groups by their number of calls, most first', async () => {
    const tenant = await createTenant(cp, 'usage-order');
    const many = (model: string, n: number) =>
      Array.from({ length: n }, () => usageEvent(tenant.id, { model }));
    await client.send(node, [...many('nine', 9), ...many('ten', 10), ...many('one', 1)]);
    const byModel = await summary({ tenantId: tenant.id });
    expect(byModel.groups.map((group) => [group.model, group.calls])).toEqual([
      ['ten', 10],
      ['nine', 9],
      ['one', 1],
    ]);
  });

  it('shows owners and auditors their tenant, developers their own calls, and nobody another tenant', async () => {
    for (const person of [people.owner, people.auditor]) {
      expect(ids(await list({}, person.token))).toEqual(idsOf(5, 4, 3, 2, 1, 0));
      expect((await summary({}, person.token)).total.calls).toBe(6);
    }
    // Their own calls (as themselves, or with their key), nothing else of the tenant's.
    expect(ids(await list({}, people.developer.token))).toEqual(idsOf(5, 1, 0));
    expect(ids(await list({ tenantId: tenantA.id, keyId: appKey }, people.developer.token))).toEqual([]);
    expect((await summary({ tenantId: tenantA.id }, people.developer.token)).total.calls).toBe(3);

    const other = people.otherOwner.token;
    expect(ids(await list({}, other))).toEqual(idsOf(6));
    expect(await list({ tenantId: tenantA.id }, other)).toEqual([]);
    const otherSummary = await summary({ tenantId: tenantA.id }, other);
    expect(otherSummary.total.calls).toBe(0);
    expect(otherSummary.groups).toEqual([]);

    const forbidden = await cp.request('/api/v1/usage', { token: people.nobody.token });
    expect((await body<ErrorBody>(forbidden, 403)).error.code).toBe('FORBIDDEN');
    expect((await cp.request('/api/v1/usage/summary', { token: people.nobody.token })).status).toBe(403);

    // The platform admin sees both tenants.
    const both = await list({ from: '2026-02-02T10:30:00Z', to: '2026-02-02T10:30:00.001Z' });
    expect(ids(both)).toEqual(expect.arrayContaining(idsOf(6)));
    for (const person of Object.values(people)) expect(cp.logs.text).not.toContain(person.token);
  });
});
