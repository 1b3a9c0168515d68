import { randomBytes, randomUUID } from 'node:crypto';
import { adminErrorBodySchema } from '@portcullis/contracts';
import { createTestDatabase, type TestDatabase } from '@portcullis/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AUDIT_TRAIL, type AuditEntry, type AuditTrail } from '../../src/platform/audit/audit-trail.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';

interface AuditEvent {
  id: string;
  seq: number;
  occurredAt: string;
  actor: { type: string; id: string; display: string | null };
  tenantId: string | null;
  action: string;
  target: { type: string; id: string | null };
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  hash: string;
  prevHash: string | null;
}

interface VerifyResult {
  ok: boolean;
  checked: number;
  lastSeq?: number | null;
  lastHash?: string | null;
  firstBrokenSeq?: number;
  firstBrokenId?: string;
  reason?: string;
}

// The run's database is shared with every other test file, which write audit events too: each
// test selects its own events by a run-unique target or request id.
const run = randomBytes(4).toString('hex');
let cp: TestControlPlane;
let trail: AuditTrail;
let db: pg.Client;

beforeAll(async () => {
  cp = await startTestControlPlane();
  trail = cp.app.get<AuditTrail>(AUDIT_TRAIL);
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});

afterAll(async () => {
  await db.end();
  await cp.close();
});

function filterParam(filter: Record<string, unknown>): string {
  return `filter=${encodeURIComponent(JSON.stringify(filter))}`;
}

async function list(
  control: TestControlPlane,
  filter: Record<string, unknown>,
  extra = '',
): Promise<{ events: AuditEvent[]; range: string | null }> {
  const response = await control.request(`/api/v1/audit?${filterParam(filter)}${extra}`);
  expect(response.status).toBe(200);
  return { events: (await response.json()) as AuditEvent[], range: response.headers.get('content-range') };
}

async function record(
  targetId: string,
  extra: Partial<AuditEntry> = {},
  on: AuditTrail = trail,
): Promise<void> {
  await on.record({ action: 'e2e.record', tenantId: null, targetType: `e2e-${run}`, targetId, ...extra });
}

async function verify(control: TestControlPlane = cp, requestId?: string): Promise<VerifyResult> {
  const response = await control.request('/api/v1/audit/verify', {
    method: 'POST',
    ...(requestId === undefined ? {} : { headers: { 'x-request-id': requestId } }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as VerifyResult;
}

describe('audit API', () => {
  it('records every use of the admin token, with who, from where and which request', async () => {
    const requestId = `audit-token-${run}`;
    const response = await cp.request('/api/v1/audit?range=[0,0]', {
      headers: { 'x-request-id': requestId, 'user-agent': 'audit-e2e/1.0' },
    });
    expect(response.status).toBe(200);

    const { events } = await list(cp, { requestId });
    expect(events).toEqual([
      expect.objectContaining({
        action: 'auth.admin-token.use',
        actor: { type: 'token', id: 'admin-token', display: 'break-glass admin token' },
        tenantId: null,
        target: { type: 'route', id: 'GET /api/v1/audit' },
        requestId,
        userAgent: 'audit-e2e/1.0',
        ip: expect.stringMatching(/127\.0\.0\.1/) as unknown,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      }),
    ]);
    // null only when it is the first event of the run's trail.
    expect(events[0]?.prevHash ?? null).toSatisfy(
      (hash: string | null) => hash === null || /^[0-9a-f]{64}$/.test(hash),
    );
  });

  it('stores before/after with every secret redacted', async () => {
    await record('secrets', {
      before: { name: 'openai', apiKey: 'sk-live-NEVER-1', auth: { clientSecret: 'NEVER-2' } },
      after: { name: 'openai', credentials: { password: 'NEVER-3' }, tokens: ['NEVER-4'] },
    });
    const { events } = await list(cp, { targetType: `e2e-${run}`, targetId: 'secrets' });
    expect(events).toHaveLength(1);
    expect(events[0]?.before).toEqual({
      name: 'openai',
      apiKey: '[redacted]',
      auth: { clientSecret: '[redacted]' },
    });
    expect(events[0]?.after).toEqual({ name: 'openai', credentials: '[redacted]', tokens: '[redacted]' });
    expect(JSON.stringify(events)).not.toContain('NEVER');
    expect(events[0]?.actor).toEqual({ type: 'system', id: 'system', display: null });
  });

  it('is refused UPDATE and DELETE by the database itself', async () => {
    await record('immutable');
    const { events } = await list(cp, { targetType: `e2e-${run}`, targetId: 'immutable' });
    const id = events[0]?.id;
    await expect(db.query(`UPDATE audit_events SET action = 'forged' WHERE id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM audit_events WHERE id = $1', [id])).rejects.toThrow(/append-only/);
    const after = await cp.request(`/api/v1/audit/${id}`);
    expect(await after.json()).toMatchObject({ id, action: 'e2e.record' });
  });

  it('pages, sorts and filters with Content-Range', async () => {
    const targetType = `e2e-list-${run}`;
    const tenantId = randomUUID();
    for (const [i, action] of [
      'tenant.create',
      'tenant.update',
      'tenant.update',
      'user.create',
      'user.delete',
    ].entries()) {
      await record(`item-${i}`, { targetType, action, tenantId: i < 3 ? tenantId : null });
    }

    const all = await list(cp, { targetType }, '&sort=["seq","ASC"]');
    expect(all.events.map((event) => event.target.id)).toEqual([
      'item-0',
      'item-1',
      'item-2',
      'item-3',
      'item-4',
    ]);
    expect(all.range).toBe('audit 0-4/5');

    const newestFirst = await list(cp, { targetType });
    expect(newestFirst.events.map((event) => event.target.id)).toEqual([
      'item-4',
      'item-3',
      'item-2',
      'item-1',
      'item-0',
    ]);

    const page = await list(cp, { targetType }, '&sort=["occurredAt","ASC"]&range=[2,3]');
    expect(page.events.map((event) => event.target.id)).toEqual(['item-2', 'item-3']);
    expect(page.range).toBe('audit 2-3/5');

    expect((await list(cp, { targetType, action: 'tenant.update' })).events).toHaveLength(2);
    expect(
      (await list(cp, { targetType, actionPrefix: 'user.' })).events.map((event) => event.action).sort(),
    ).toEqual(['user.create', 'user.delete']);
    expect((await list(cp, { targetType, actionPrefix: 'user%' })).events).toEqual([]);
    expect((await list(cp, { targetType, tenantId })).events).toHaveLength(3);
    expect((await list(cp, { targetType, tenantId: null })).events).toHaveLength(2);
    expect((await list(cp, { targetType, actorType: 'system', actorId: 'system' })).events).toHaveLength(5);
    expect((await list(cp, { targetType, actorType: 'user' })).events).toEqual([]);

    const first = all.events[0] as AuditEvent;
    const last = all.events[4] as AuditEvent;
    expect((await list(cp, { targetType, from: first.occurredAt, to: last.occurredAt })).events).toHaveLength(
      all.events.filter((event) => event.occurredAt < last.occurredAt).length,
    );
    expect((await list(cp, { targetType, from: '2999-01-01T00:00:00Z' })).events).toEqual([]);
    expect((await list(cp, { targetType, to: '2000-01-01' })).events).toEqual([]);
    expect((await list(cp, { id: [first.id, last.id] })).events.map((event) => event.id).sort()).toEqual(
      [first.id, last.id].sort(),
    );
  });

  it('answers 400 naming the field of a bad filter, sort or range', async () => {
    const cases: [string, string[]][] = [
      [filterParam({ from: 'yesterday' }), ['filter.from']],
      [filterParam({ to: '2026-13-45' }), ['filter.to']],
      [filterParam({ tenantId: 'acme', actorType: 'robot' }), ['filter.actorType', 'filter.tenantId']],
      [filterParam({ from: '2026-02-01', to: '2026-01-01' }), ['filter.to']],
      [filterParam({ colour: 'red' }), ['filter.colour']],
      ['sort=["hash","ASC"]', ['sort']],
      ['range=[0,10000]', ['range']],
    ];
    for (const [query, fields] of cases) {
      const response = await cp.request(`/api/v1/audit?${query}`);
      expect(response.status, query).toBe(400);
      const error = adminErrorBodySchema.parse(await response.json()).error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect([...new Set(error.fields?.map((problem) => problem.field))].sort(), query).toEqual(fields);
    }
    const exported = await cp.request(`/api/v1/audit/export?${filterParam({ from: 'soon' })}`);
    expect(exported.status).toBe(400);
    expect(adminErrorBodySchema.parse(await exported.json()).error.fields?.[0]?.field).toBe('filter.from');
  });

  it('reads one event, and answers 404 for unknown ids of any shape', async () => {
    await record('single');
    const { events } = await list(cp, { targetType: `e2e-${run}`, targetId: 'single' });
    const event = events[0] as AuditEvent;
    const response = await cp.request(`/api/v1/audit/${event.id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(event);

    for (const id of [randomUUID(), 'not-an-id', '1']) {
      const missing = await cp.request(`/api/v1/audit/${id}`);
      expect(missing.status).toBe(404);
      expect(adminErrorBodySchema.parse(await missing.json()).error.code).toBe('NOT_FOUND');
    }
  });

  it('exports the filtered events as NDJSON in seq order', async () => {
    const targetType = `e2e-export-${run}`;
    for (let i = 0; i < 6; i++)
      await record(`export-${i}`, { targetType, action: i % 2 === 0 ? 'e2e.even' : 'e2e.odd' });

    const response = await cp.request(
      `/api/v1/audit/export?${filterParam({ targetType, action: 'e2e.even' })}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.ndjson"$/,
    );
    const text = await response.text();
    expect(text.endsWith('\n')).toBe(true);
    const events = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEvent);
    expect(events.map((event) => event.target.id)).toEqual(['export-0', 'export-2', 'export-4']);
    const seqs = events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(events.every((event) => event.action === 'e2e.even' && event.target.type === targetType)).toBe(
      true,
    );

    const listed = await list(cp, { targetType, action: 'e2e.even' }, '&sort=["seq","ASC"]');
    expect(events).toEqual(listed.events);
  });

  it('verifies the whole chain, then records that it did', async () => {
    await record('before-verify');
    const requestId = `audit-verify-${run}`;
    const result = await verify(cp, requestId);
    expect(result).toMatchObject({ ok: true });
    expect(result.checked).toBeGreaterThan(0);
    expect(result.lastHash).toMatch(/^[0-9a-f]{64}$/);

    const { events } = await list(cp, { requestId, action: 'audit.verify' });
    expect(events).toHaveLength(1);
    expect(events[0]?.after).toMatchObject({ ok: true, checked: result.checked, lastSeq: result.lastSeq });
    expect(events[0]?.seq).toBeGreaterThan(result.lastSeq ?? 0);
  });

  it('is documented in the OpenAPI description', async () => {
    const spec = (await (await cp.request('/api/docs/openapi.json', { token: null })).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/audit',
        '/api/v1/audit/{id}',
        '/api/v1/audit/export',
        '/api/v1/audit/verify',
      ]),
    );
  });

  it('refuses callers without a token', async () => {
    expect((await cp.request('/api/v1/audit', { token: null })).status).toBe(401);
    expect((await cp.request('/api/v1/audit/verify', { method: 'POST', token: null })).status).toBe(401);
  });
});

describe('audit scope', () => {
  let tenantA: TestTenant;
  let tenantB: TestTenant;
  let auditorA: TestPerson;
  let ownerA: TestPerson;
  let developerA: TestPerson;
  let ownerB: TestPerson;

  beforeAll(async () => {
    tenantA = await createTenant(cp, 'audit-a');
    tenantB = await createTenant(cp, 'audit-b');
    auditorA = await createPerson(cp, tenantA, 'auditor', 'auditor');
    ownerA = await createPerson(cp, tenantA, 'owner', 'tenant-owner');
    developerA = await createPerson(cp, tenantA, 'developer', 'developer');
    ownerB = await createPerson(cp, tenantB, 'owner', 'tenant-owner');
  });

  async function listAs(person: TestPerson, filter: Record<string, unknown>): Promise<AuditEvent[]> {
    const response = await cp.request(`/api/v1/audit?${filterParam(filter)}&range=[0,499]`, {
      token: person.token,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as AuditEvent[];
  }

  it("shows auditors and owners their own tenants' events only, never platform events", async () => {
    const seenByAuditor = await listAs(auditorA, { targetType: 'user' });
    expect(seenByAuditor.every((event) => event.tenantId === tenantA.id)).toBe(true);
    expect(seenByAuditor.map((event) => event.target.id)).toEqual(
      expect.arrayContaining([auditorA.userId, ownerA.userId, developerA.userId]),
    );
    expect(seenByAuditor.map((event) => event.target.id)).not.toContain(ownerB.userId);

    const seenByOwnerB = await listAs(ownerB, { targetType: 'user' });
    expect(seenByOwnerB.every((event) => event.tenantId === tenantB.id)).toBe(true);
    expect(seenByOwnerB.map((event) => event.target.id)).toContain(ownerB.userId);

    expect(await listAs(auditorA, { tenantId: null })).toEqual([]);
    expect(await listAs(auditorA, { tenantId: tenantB.id })).toEqual([]);
    expect(
      (await list(cp, { tenantId: tenantA.id, targetType: 'user' })).events.length,
    ).toBeGreaterThanOrEqual(3);

    const refused = await cp.request('/api/v1/audit', { token: developerA.token });
    expect(refused.status).toBe(403);
  });

  it("answers 404 for another tenant's event, and refuses verification to tenant-scoped roles", async () => {
    const [eventB] = (await list(cp, { tenantId: tenantB.id, targetId: ownerB.userId })).events;
    const [eventA] = (await list(cp, { tenantId: tenantA.id, targetId: auditorA.userId })).events;
    expect((await cp.request(`/api/v1/audit/${eventB?.id}`, { token: auditorA.token })).status).toBe(404);
    expect((await cp.request(`/api/v1/audit/${eventA?.id}`, { token: auditorA.token })).status).toBe(200);
    expect((await cp.request(`/api/v1/audit/${eventA?.id}`, { token: ownerB.token })).status).toBe(404);

    for (const person of [auditorA, ownerA, ownerB]) {
      const response = await cp.request('/api/v1/audit/verify', { method: 'POST', token: person.token });
      expect(response.status).toBe(403);
    }
  });

  it('exports within the scope and attributes events to the person who acted', async () => {
    const response = await cp.request(`/api/v1/audit/export?${filterParam({ targetType: 'user' })}`, {
      token: ownerB.token,
      headers: { 'x-request-id': `audit-export-${run}` },
    });
    expect(response.status).toBe(200);
    const events = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEvent);
    expect(events.every((event) => event.tenantId === tenantB.id)).toBe(true);

    // A personal access token acts for its owner: the event names the token and the person.
    const [exportEvent] = (await list(cp, { action: 'audit.export', requestId: `audit-export-${run}` }))
      .events;
    expect(exportEvent).toMatchObject({ actor: { type: 'token' }, tenantId: null });
    expect(exportEvent?.actor.display).toContain(ownerB.userName);
  });
});

describe('audit chain tampering', () => {
  // A control plane on a database of its own: while a row is tampered with, a verification by
  // any other test of the run would rightly fail.
  let isolated: TestDatabase;
  let other: TestControlPlane;
  let otherDb: pg.Client;

  beforeAll(async () => {
    isolated = await createTestDatabase(inject('databaseUrl'));
    other = await startTestControlPlane({ DATABASE_URL: isolated.url });
    otherDb = new pg.Client({ connectionString: isolated.url });
    await otherDb.connect();
  });

  afterAll(async () => {
    await otherDb.end();
    await other.close();
    await isolated.drop();
  });

  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await otherDb.query('BEGIN');
    await otherDb.query('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await otherDb.query(sql, params);
    await otherDb.query('ALTER TABLE audit_events ENABLE TRIGGER USER');
    await otherDb.query('COMMIT');
  }

  it('reports the first altered event by its seq, and verifies again once it is restored', async () => {
    const otherTrail = other.app.get<AuditTrail>(AUDIT_TRAIL);
    await record('t-1', {}, otherTrail);
    await record('t-2', { after: { plan: 'gold' } }, otherTrail);
    await record('t-3', {}, otherTrail);
    const { events } = await list(other, { targetType: `e2e-${run}`, targetId: 't-2' });
    const target = events[0] as AuditEvent;
    expect(await verify(other)).toMatchObject({ ok: true });

    await tamper(`UPDATE audit_events SET action = 'e2e.harmless' WHERE id = $1`, [target.id]);
    try {
      const result = await verify(other);
      expect(result).toEqual({
        ok: false,
        checked: expect.any(Number) as unknown,
        firstBrokenSeq: target.seq,
        firstBrokenId: target.id,
        reason: 'hash mismatch',
      });
      // Events before it, from this file and from the start-up, were checked first.
      expect(result.checked).toBeGreaterThanOrEqual(1);
    } finally {
      await tamper(`UPDATE audit_events SET action = $2 WHERE id = $1`, [target.id, target.action]);
    }
    expect(await verify(other)).toMatchObject({ ok: true });
  });
});
