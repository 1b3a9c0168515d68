import { createTestDatabase, type TestDatabase } from '@portcullis/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventHash } from '../../src/modules/audit/audit-hash.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { AuditService } from '../../src/modules/audit/audit.service.js';
import { AuditEventEntity } from '../../src/modules/audit/entities/audit-event.entity.js';
import type { AuditEntry } from '../../src/platform/audit/audit-trail.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { runWithRequestContext } from '../../src/platform/context/request-context.js';
import { dataSourceOptions } from '../../src/platform/db/data-source-options.js';
import { runMigrations } from '../../src/platform/db/run-migrations.js';

// A database of its own: this file tampers with the chain, which must never be seen by the
// tests that verify the run's shared trail.
let database: TestDatabase;
let dataSource: DataSource;
let audit: AuditService;

const TENANT_A = '0a000000-0000-4000-8000-00000000000a';
const TENANT_B = '0b000000-0000-4000-8000-00000000000b';

const ADMIN: Principal = {
  via: 'admin-token',
  actor: { type: 'token', id: 'admin-token', display: 'break-glass admin token' },
  userId: null,
  displayName: 'Admin',
  globalRoles: ['platform-admin'],
  tenantRoles: new Map(),
};

const TENANT_A_AUDITOR: Principal = {
  via: 'session',
  actor: { type: 'user', id: 'auditor-a', display: 'Ann Auditor' },
  userId: 'auditor-a',
  displayName: 'Ann Auditor',
  globalRoles: [],
  tenantRoles: new Map([[TENANT_A, ['auditor']]]),
};

const LIST_ALL = { sortField: 'seq' as const, sortOrder: 'ASC' as const, offset: 0, limit: 500, filter: {} };

function entry(targetId: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { action: 'test.record', tenantId: null, targetType: 'int-test', targetId, ...extra };
}

async function rowsOf(targetId: string): Promise<AuditEventEntity[]> {
  return dataSource.getRepository(AuditEventEntity).find({ where: { targetId }, order: { seq: 'ASC' } });
}

async function tamper(sql: string, params: unknown[]): Promise<void> {
  await dataSource.transaction(async (m) => {
    await m.query('ALTER TABLE "audit_events" DISABLE TRIGGER USER');
    await m.query(sql, params);
    await m.query('ALTER TABLE "audit_events" ENABLE TRIGGER USER');
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await runMigrations(database.url);
  dataSource = new DataSource(dataSourceOptions(database.url, 10));
  await dataSource.initialize();
  audit = new AuditService(dataSource, new AuditRepository(dataSource.getRepository(AuditEventEntity)));
});

afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

describe('audit trail (database)', () => {
  it('has the schema the entity describes', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(
      pending.upQueries.map((query) => query.query).filter((sql) => sql.includes('audit_events')),
    ).toEqual([]);
  });

  it('appends 50 concurrent events as one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => audit.record(entry(`concurrent-${i}`))));

    const count = await dataSource.getRepository(AuditEventEntity).count();
    const result = await audit.verifyChain();
    expect(result).toMatchObject({ ok: true, checked: count });
    expect(count).toBeGreaterThanOrEqual(50);

    const rows = await dataSource.getRepository(AuditEventEntity).find({ order: { seq: 'ASC' } });
    expect(rows[0]?.prevHash).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(result.lastHash).toBe(rows.at(-1)?.hash);
    expect(result.lastSeq).toBe(Number(rows.at(-1)?.seq));
  });

  it('verifies across batch boundaries', async () => {
    audit.batchSize = 7;
    try {
      const result = await audit.verifyChain();
      expect(result.ok).toBe(true);
      expect(result.checked).toBe(await dataSource.getRepository(AuditEventEntity).count());
    } finally {
      audit.batchSize = 1000;
    }
  });

  it('commits and rolls back with the caller’s transaction', async () => {
    await expect(
      dataSource.transaction(async (m) => {
        await audit.record(entry('rolled-back'), m);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsOf('rolled-back')).toEqual([]);

    await dataSource.transaction((m) => audit.record(entry('committed'), m));
    expect(await rowsOf('committed')).toHaveLength(1);
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('refuses to record under a snapshot older than its lock', async () => {
    await expect(
      dataSource.transaction('REPEATABLE READ', (m) => audit.record(entry('repeatable-read'), m)),
    ).rejects.toThrow(/READ COMMITTED/);
    expect(await rowsOf('repeatable-read')).toEqual([]);
  });

  it('takes actor, ip, user agent and request id from the request context, else the system', async () => {
    await runWithRequestContext(
      { requestId: 'req-int-ctx', ip: '10.0.0.7', userAgent: 'int-test/1.0', principal: TENANT_A_AUDITOR },
      () => audit.record(entry('with-context')),
    );
    await audit.record(entry('without-context'));
    await audit.record(entry('explicit-actor', { actor: { type: 'node', id: 'node-7' } }));

    expect(await rowsOf('with-context')).toEqual([
      expect.objectContaining({
        actorType: 'user',
        actorId: 'auditor-a',
        actorDisplay: 'Ann Auditor',
        ip: '10.0.0.7',
        userAgent: 'int-test/1.0',
        requestId: 'req-int-ctx',
      }),
    ]);
    expect(await rowsOf('without-context')).toEqual([
      expect.objectContaining({
        actorType: 'system',
        actorId: 'system',
        actorDisplay: null,
        ip: null,
        requestId: null,
      }),
    ]);
    expect((await rowsOf('explicit-actor'))[0]).toMatchObject({ actorType: 'node', actorId: 'node-7' });
  });

  it('stores before/after without secrets, capped, and still verifiable with any unicode', async () => {
    await audit.record(
      entry('payloads', {
        before: { name: 'openai', apiKey: 'sk-live-SECRET-1', nested: { clientSecret: 'SECRET-2' } },
        after: { name: 'Zoë ☃ 😀 \u2028 \u0000 \uD800', config: { password: 'SECRET-3' }, at: new Date(0) },
      }),
    );
    await audit.record(entry('payloads', { after: { blob: 'x'.repeat(40_000) } }));

    const [first, second] = await rowsOf('payloads');
    expect(first?.before).toEqual({
      name: 'openai',
      apiKey: '[redacted]',
      nested: { clientSecret: '[redacted]' },
    });
    expect(first?.after).toEqual({
      name: 'Zoë ☃ 😀 \u2028 \uFFFD \uFFFD',
      config: { password: '[redacted]' },
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(second?.after).toEqual({ truncated: true });
    const raw = await dataSource.query<{ text: string }[]>(
      `SELECT string_agg("before"::text || "after"::text, ' ') AS text FROM "audit_events" WHERE "target_id" = 'payloads'`,
    );
    expect(raw[0]?.text).not.toMatch(/SECRET/);
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database', async () => {
    await audit.record(entry('append-only'));
    const [row] = await rowsOf('append-only');
    await expect(
      dataSource.query(`UPDATE "audit_events" SET "action" = 'forged' WHERE "id" = $1`, [row?.id]),
    ).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM "audit_events" WHERE "id" = $1`, [row?.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(dataSource.query('TRUNCATE "audit_events"')).rejects.toThrow(/append-only/);
    expect(await rowsOf('append-only')).toEqual([expect.objectContaining({ action: 'test.record' })]);
  });

  it('finds the first tampered event, and a removed one by the broken link after it', async () => {
    await audit.record(entry('tamper-before'));
    await audit.record(entry('tamper-target', { after: { name: 'original' } }));
    await audit.record(entry('tamper-after'));
    const [target] = await rowsOf('tamper-target');
    const [next] = await rowsOf('tamper-after');
    if (target === undefined || next === undefined) throw new Error('events missing');

    await tamper(`UPDATE "audit_events" SET "after" = '{"name":"forged"}' WHERE "id" = $1`, [target.id]);
    expect(await audit.verifyChain()).toMatchObject({
      ok: false,
      firstBrokenSeq: Number(target.seq),
      firstBrokenId: target.id,
      reason: 'hash mismatch',
    });
    await tamper(`UPDATE "audit_events" SET "after" = $2::jsonb WHERE "id" = $1`, [
      target.id,
      JSON.stringify(target.after),
    ]);
    expect((await audit.verifyChain()).ok).toBe(true);

    // Rewriting the content and its hash consistently moves the break to the next link.
    const forged = { name: 'forged' };
    const forgedHash = auditEventHash({
      prevHash: target.prevHash,
      occurredAt: target.occurredAt,
      actor: { type: target.actorType, id: target.actorId, display: target.actorDisplay },
      tenantId: target.tenantId,
      action: target.action,
      targetType: target.targetType,
      targetId: target.targetId,
      before: target.before,
      after: forged,
      ip: target.ip,
      userAgent: target.userAgent,
      requestId: target.requestId,
    });
    await tamper(`UPDATE "audit_events" SET "after" = $2::jsonb, "hash" = $3 WHERE "id" = $1`, [
      target.id,
      JSON.stringify(forged),
      forgedHash,
    ]);
    expect(await audit.verifyChain()).toMatchObject({
      ok: false,
      firstBrokenSeq: Number(next.seq),
      reason: 'broken link',
    });
    await tamper(`UPDATE "audit_events" SET "after" = $2::jsonb, "hash" = $3 WHERE "id" = $1`, [
      target.id,
      JSON.stringify(target.after),
      target.hash,
    ]);
    expect((await audit.verifyChain()).ok).toBe(true);

    // A removed event leaves the next one pointing at a hash that is no longer there.
    const [saved] = await dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM "audit_events" WHERE "id" = $1`,
      [target.id],
    );
    await tamper(`DELETE FROM "audit_events" WHERE "id" = $1`, [target.id]);
    expect(await audit.verifyChain()).toMatchObject({
      ok: false,
      firstBrokenSeq: Number(next.seq),
      firstBrokenId: next.id,
      reason: 'broken link',
    });
    const columns = Object.keys(saved ?? {});
    await dataSource.query(
      `INSERT INTO "audit_events" (${columns.map((c) => `"${c}"`).join(', ')})
       VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => {
        const value = saved?.[c];
        return value !== null && typeof value === 'object' && !(value instanceof Date)
          ? JSON.stringify(value)
          : value;
      }),
    );
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  describe('reads', () => {
    beforeAll(async () => {
      await audit.record(entry('scoped-a', { tenantId: TENANT_A, action: 'tenant.update' }));
      await audit.record(entry('scoped-b', { tenantId: TENANT_B, action: 'tenant.update' }));
      await audit.record(entry('scoped-platform', { action: 'tenant.create' }));
    });

    it('show a tenant auditor their tenant only, never platform events', async () => {
      const filter = { targetType: 'int-test', actionPrefix: 'tenant.' };
      const mine = await audit.list(TENANT_A_AUDITOR, filter, LIST_ALL);
      expect(mine.items.map((event) => event.target.id)).toEqual(['scoped-a']);
      expect(mine.total).toBe(1);

      const all = await audit.list(ADMIN, filter, LIST_ALL);
      expect(all.items.map((event) => event.target.id)).toEqual(['scoped-a', 'scoped-b', 'scoped-platform']);

      const platformOnly = await audit.list(ADMIN, { ...filter, tenantId: null }, LIST_ALL);
      expect(platformOnly.items.map((event) => event.target.id)).toEqual(['scoped-platform']);
      const otherTenant = await audit.list(TENANT_A_AUDITOR, { ...filter, tenantId: TENANT_B }, LIST_ALL);
      expect(otherTenant.items).toEqual([]);
    });

    it('answer 404 for an event outside the scope and refuse verification to a tenant auditor', async () => {
      const [b] = await rowsOf('scoped-b');
      const [a] = await rowsOf('scoped-a');
      await expect(audit.get(TENANT_A_AUDITOR, b?.id ?? '')).rejects.toMatchObject({ status: 404 });
      expect(await audit.get(TENANT_A_AUDITOR, a?.id ?? '')).toMatchObject({ tenantId: TENANT_A });
      await expect(audit.verify(TENANT_A_AUDITOR)).rejects.toMatchObject({ status: 403 });
    });

    it('export in seq order across batches, within the scope', async () => {
      audit.batchSize = 2;
      try {
        const lines: string[] = [];
        for await (const line of await audit.export(ADMIN, {
          targetType: 'int-test',
          actionPrefix: 'tenant.',
        })) {
          lines.push(line);
        }
        const events = lines.map((line) => JSON.parse(line) as { seq: number; target: { id: string } });
        expect(events.map((event) => event.target.id)).toEqual(['scoped-a', 'scoped-b', 'scoped-platform']);
        expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);

        const scoped: string[] = [];
        for await (const line of await audit.export(TENANT_A_AUDITOR, { targetType: 'int-test' }))
          scoped.push(line);
        expect(scoped.map((line) => (JSON.parse(line) as { target: { id: string } }).target.id)).toEqual([
          'scoped-a',
        ]);
      } finally {
        audit.batchSize = 1000;
      }
    });
  });
});
