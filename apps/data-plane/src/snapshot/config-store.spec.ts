import { CONFIG_SCHEMA_V1, parseConfigBundle } from '@portcullis/contracts';
import { describe, expect, it } from 'vitest';
import { ConfigStore } from './config-store.js';

const NOW = new Date('2026-03-01T12:00:00Z');

function bundle(revision: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: CONFIG_SCHEMA_V1,
    revision,
    issuedAt: '2026-03-01T11:00:00Z',
    expiresAt: '2026-03-02T11:00:00Z',
    tenants: [
      {
        id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
        slug: 'acme',
        name: 'Acme',
        settings: { zeroDataRetention: false },
      },
    ],
    ...overrides,
  };
}

function newStore(): ConfigStore {
  return new ConfigStore({ now: () => NOW });
}

describe(ConfigStore.name, () => {
  it('holds nothing until a bundle is applied', () => {
    expect(newStore().current()).toBeUndefined();
  });

  it('applies a valid bundle', () => {
    const store = newStore();

    expect(store.apply(bundle(3))).toEqual({ status: 'applied', revision: 3, previousRevision: undefined });
    // The parsed bundle also carries the sections and settings that default when left out.
    expect(store.current()).toMatchObject(bundle(3));
  });

  it('rejects an invalid bundle with readable issues and keeps the last good one', () => {
    const store = newStore();
    store.apply(bundle(1));

    const result = store.apply(bundle(2, { tenants: [{ id: 'x' }] }));

    expect(result).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(result.status === 'rejected' && result.reason === 'invalid' && result.issues[0]).toEqual({
      path: 'tenants[0].id',
      message: 'Invalid UUID',
    });
    expect(store.current()?.revision).toBe(1);
  });

  it('refuses a lower revision', () => {
    const store = newStore();
    store.apply(bundle(5));

    expect(store.apply(bundle(4))).toEqual({
      status: 'rejected',
      reason: 'stale_revision',
      message: 'revision 4 is older than the current revision 5',
    });
    expect(store.current()?.revision).toBe(5);
  });

  it('keeps the current bundle when the same revision arrives again', () => {
    const store = newStore();
    store.apply(bundle(5));
    const held = store.current();

    expect(store.apply(bundle(5, { tenants: [] }))).toEqual({ status: 'unchanged', revision: 5 });
    expect(store.current()).toBe(held);
  });

  it('moves forward to a higher revision', () => {
    const store = newStore();
    store.apply(bundle(5));

    expect(store.apply(bundle(9, { tenants: [] }))).toEqual({
      status: 'applied',
      revision: 9,
      previousRevision: 5,
    });
    expect(store.current()?.tenants).toEqual([]);
  });

  it('rejects a bundle that has already expired', () => {
    const store = newStore();

    expect(store.apply(bundle(1, { expiresAt: '2026-03-01T12:00:00Z' }))).toMatchObject({
      status: 'rejected',
      reason: 'expired',
    });
    expect(store.current()).toBeUndefined();
  });

  it('freezes the bundle it holds, down to nested objects', () => {
    const store = newStore();
    store.apply(bundle(1));
    const held = store.current();

    expect(Object.isFrozen(held)).toBe(true);
    expect(Object.isFrozen(held?.tenants[0]?.settings)).toBe(true);
  });

  it('does not keep a reference to the caller’s object', () => {
    const store = newStore();
    const input = bundle(1);
    store.apply(input);

    (input as { revision: number }).revision = 99;

    expect(store.current()?.revision).toBe(1);
  });

  it('indexes what requests look up: keys by hash, users, tenants, applications', () => {
    const store = newStore();
    const tenantId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    const userId = '6f1d3c1e-6b44-4d1e-9a49-2b8d3e8f0a01';
    const hash = 'a'.repeat(64);
    store.apply(
      bundle(2, {
        users: [{ id: userId, tenantId, active: true, groups: [], userName: 'ada@acme.test' }],
        keys: [
          {
            id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
            tenantId,
            hash,
            owner: { kind: 'user', id: userId },
            scopeModels: null,
            expiresAt: null,
            revoked: false,
          },
        ],
      }),
    );

    const { indexes } = store.loaded() ?? {};

    expect(indexes?.keysByHash.get(hash)?.owner).toEqual({ kind: 'user', id: userId });
    expect(indexes?.usersById.get(userId)?.userName).toBe('ada@acme.test');
    expect(indexes?.tenantsById.get(tenantId)?.slug).toBe('acme');
    expect(indexes?.applicationsById.size).toBe(0);
  });

  it('replaces the bundle at the same revision when asked to (a compacting snapshot)', () => {
    const store = newStore();
    store.apply(bundle(5));
    const parsed = parseConfigBundle(bundle(5, { tenants: [] }));
    if (!parsed.ok) throw new Error(parsed.message);

    expect(store.replace(parsed.bundle)).toEqual({ status: 'applied', revision: 5, previousRevision: 5 });
    expect(store.current()?.tenants).toEqual([]);
    expect(store.loaded()?.indexes.tenantsById.size).toBe(0);
  });

  it('keeps the latest contact time it is told of', () => {
    const store = newStore();
    expect(store.lastSyncAt).toBeUndefined();

    store.markSynced(new Date('2026-03-01T12:00:00Z'));
    store.markSynced(new Date('2026-03-01T11:00:00Z'));

    expect(store.lastSyncAt).toEqual(new Date('2026-03-01T12:00:00Z'));
  });
});
