import { randomBytes } from 'node:crypto';
import {
  generateEncryptionKey,
  openSealed,
  openValue,
  type SealedValue,
  verifyJson,
} from '@portcullis/signing';
import {
  applyConfigDelta,
  type ConfigBundle,
  parseConfigBundle,
  parseConfigDelta,
} from '@portcullis/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { ConfigPublisherReader } from '../../src/modules/config-publisher/config-publisher.reader.js';
import { rekeyPublisherSecrets } from '../../src/modules/config-publisher/rekey-publisher.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';

interface Doc {
  kind: 'snapshot' | 'delta';
  revision: number;
  fromRevision?: number;
  users?: { id: string; groups: string[]; active: boolean }[];
  keys?: { id: string; hash: string; revoked: boolean }[];
  providers?: { id: string; credentials: SealedValue | null }[];
  signingKeys?: { kid: string }[];
  upserts?: Record<string, { id: string }[] | undefined>;
  deletes?: Record<string, string[] | undefined>;
}

let cp: TestControlPlane;
let publisher: ConfigPublisherReader;
let tenant: TestTenant;
let dev: TestPerson;

const unique = (): string => randomBytes(3).toString('hex');

async function post<T>(path: string, json: unknown, token?: string): Promise<T> {
  const response = await cp.request(path, {
    method: 'POST',
    json,
    ...(token === undefined ? {} : { token }),
  });
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return JSON.parse(text) as T;
}

async function bundle(since: number): Promise<Doc> {
  const signed = await publisher.signedBundle(since);
  const { payload } = await verifyJson(signed.jws.toString('latin1'), await publisher.trustedKeys(), {
    typ: 'portcullis-config+jws',
  });
  const doc = payload as Doc;
  expect(doc.kind).toBe(signed.kind);
  expect(doc.revision).toBe(signed.revision);
  // What a node will do: validate with libs/contracts, and apply a delta to the snapshot it holds.
  if (signed.kind === 'snapshot') {
    const parsed = parseConfigBundle(payload);
    expect(parsed.ok ? 'ok' : parsed.message).toBe('ok');
    if (parsed.ok) snapshots.set(parsed.bundle.revision, parsed.bundle);
  } else {
    const parsed = parseConfigDelta(payload);
    expect(parsed.ok ? 'ok' : parsed.message).toBe('ok');
    const base = snapshots.get(doc.fromRevision ?? -1);
    if (parsed.ok && base !== undefined) {
      const applied = applyConfigDelta(base, parsed.delta);
      expect(applied.ok ? 'ok' : applied.message).toBe('ok');
      if (applied.ok) snapshots.set(applied.bundle.revision, applied.bundle);
    }
  }
  return doc;
}

/** Snapshots a node would hold, by revision, to apply deltas to. */
const snapshots = new Map<number, ConfigBundle>();

beforeAll(async () => {
  cp = await startTestControlPlane({ PROVIDER_ALLOWED_HTTP_HOSTS: '127.0.0.1' });
  publisher = cp.app.get(ConfigPublisherReader);
  tenant = await createTenant(cp, 'publisher');
  dev = await createPerson(cp, tenant, 'dev', 'developer');
});

afterAll(async () => {
  await cp.close();
});

describe('config publisher', () => {
  it('signs a snapshot of the whole configuration with keys it announces', async () => {
    const doc = await bundle(0);
    expect(doc.kind).toBe('snapshot');
    expect(doc.revision).toBe(await publisher.currentRevision());
    expect(doc.users?.map((u) => u.id)).toContain(dev.userId);
    const trusted = await publisher.trustedKeys();
    expect(doc.signingKeys?.map((k) => k.kid)).toEqual(trusted.map((k) => k.kid));
  });

  it('answers a node close behind with a delta of exactly what changed', async () => {
    const before = (await bundle(0)).revision;
    const key = await post<{ id: string; key: string }>('/api/v1/keys', { name: `k-${unique()}` }, dev.token);
    const delta = await bundle(before);
    // Other test files share the database: their changes may ride along in the same delta.
    expect(delta).toMatchObject({ kind: 'delta', fromRevision: before });
    expect(delta.revision).toBeGreaterThan(before);
    const upserted = ((delta.upserts?.keys ?? []) as unknown as { id: string; hash: string }[]).filter(
      (k) => k.id === key.id,
    );
    expect(upserted).toHaveLength(1);
    expect(upserted[0]?.hash).toBe(cp.settings.secretKeys.hashApiKey(key.key));
    expect(JSON.stringify(delta)).not.toContain(key.key);

    await cp.request(`/api/v1/keys/${key.id}`, { method: 'DELETE', token: dev.token });
    const revoked = await bundle(delta.revision);
    expect(revoked.upserts?.keys).toContainEqual(expect.objectContaining({ id: key.id, revoked: true }));
  });

  it('writes a key the same way in a snapshot (made by PostgreSQL) as in a delta', async () => {
    const alias = `m-${unique()}`;
    await post('/api/v1/models', { tenantId: tenant.id, alias });
    const app = await post<{ id: string }>('/api/v1/apps', { tenantId: tenant.id, name: `a-${unique()}` });
    const before = (await bundle(0)).revision;
    const created = await Promise.all([
      post<{ id: string }>('/api/v1/keys', { name: 'plain' }, dev.token),
      post<{ id: string }>(
        '/api/v1/keys',
        { name: 'narrow', scopeModels: [alias], expiresAt: '2031-02-03T04:05:06.789Z' },
        dev.token,
      ),
      post<{ id: string }>('/api/v1/keys', {
        name: 'service',
        owner: { kind: 'application', id: app.id },
      }),
      post<{ id: string }>('/api/v1/keys', { name: 'gone' }, dev.token),
    ]);
    const ids = created.map((key) => key.id);
    const revoke = await cp.request(`/api/v1/keys/${ids[3] ?? ''}`, { method: 'DELETE', token: dev.token });
    expect(revoke.status).toBe(200);

    const ours = (records: unknown): Record<string, unknown>[] =>
      ((records ?? []) as { id: string }[])
        .filter((record) => ids.includes(record.id))
        .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    const fromDelta = ours((await bundle(before)).upserts?.keys);
    const fromSnapshot = ours((await bundle(0)).keys);

    expect(fromSnapshot).toEqual(fromDelta);
    expect(fromSnapshot.every((key) => /^[0-9a-f]{64}$/.test(String(key.hash)))).toBe(true);
    expect(fromSnapshot.map(({ hash: _hash, ...key }) => key)).toEqual([
      { id: ids[0], tenantId: tenant.id, owner: { kind: 'user', id: dev.userId } },
      {
        id: ids[1],
        tenantId: tenant.id,
        owner: { kind: 'user', id: dev.userId },
        scopeModels: [alias],
        expiresAt: '2031-02-03T04:05:06.789Z',
      },
      {
        id: ids[2],
        tenantId: tenant.id,
        owner: { kind: 'application', id: app.id },
      },
      {
        id: ids[3],
        tenantId: tenant.id,
        owner: { kind: 'user', id: dev.userId },
        revoked: true,
      },
    ]);
  });

  it('carries the new groups of users who joined or left a group', async () => {
    const other = await createPerson(cp, tenant, 'other', 'developer');
    const before = (await bundle(0)).revision;
    const group = await post<{ id: string }>('/api/v1/groups', {
      tenantId: tenant.id,
      displayName: `g-${unique()}`,
      memberIds: [dev.userId, other.userId],
    });
    const created = await bundle(before);
    const users = ((created.upserts?.users ?? []) as unknown as { id: string; groups: string[] }[]).filter(
      (u) => u.id === dev.userId || u.id === other.userId,
    );
    expect(users.map((u) => u.id).sort()).toEqual([dev.userId, other.userId].sort());
    expect(users.every((u) => u.groups.includes(group.id))).toBe(true);

    const mid = (await bundle(0)).revision;
    await cp.request(`/api/v1/groups/${group.id}`, { method: 'PUT', json: { memberIds: [dev.userId] } });
    const left = await bundle(mid);
    const changed = (left.upserts?.users ?? []) as unknown as { id: string; groups: string[] }[];
    expect(changed.find((u) => u.id === other.userId)?.groups).not.toContain(group.id);

    const last = (await bundle(0)).revision;
    await cp.request(`/api/v1/users/${other.userId}`, { method: 'DELETE' });
    const deleted = await bundle(last);
    expect(deleted.deletes?.users).toContain(other.userId);
  });

  it('seals provider credentials for nodes: only the fleet secrets open them', async () => {
    const credential = `sk-${randomBytes(20).toString('hex')}`;
    const provider = await post<{ id: string }>('/api/v1/providers', {
      name: `p-${unique()}`,
      type: 'mock',
      baseUrl: 'http://127.0.0.1:9/v1',
      credentials: { apiKey: credential },
    });
    const doc = await bundle(0);
    expect(JSON.stringify(doc)).not.toContain(credential);
    const sealed = doc.providers?.find((p) => p.id === provider.id)?.credentials;
    expect(sealed?.alg).toBe('A256GCM');

    const node = await generateEncryptionKey();
    const secrets = (await openSealed(await publisher.sealedSecretsFor(node.publicJwk), node.privateJwk)) as {
      fleetKeys: { kid: string; key: string }[];
      apiKeyHashing: { key: string };
    };
    const keys = new Map(secrets.fleetKeys.map((k) => [k.kid, Buffer.from(k.key, 'base64url')]));
    const opened = JSON.parse(
      openValue(sealed as SealedValue, keys, `provider-credentials:${provider.id}`),
    ) as {
      apiKey: string;
    };
    expect(opened.apiKey).toBe(credential);
    expect(Buffer.from(secrets.apiKeyHashing.key, 'base64url')).toEqual(cp.settings.secretKeys.apiKeyHashing);
  });

  it('wakes a waiting long-poll as soon as a change commits', async () => {
    const before = (await bundle(0)).revision;
    const controller = new AbortController();
    const waiting = publisher.waitForRevision(before, 60_000, controller.signal);
    await post('/api/v1/groups', { tenantId: tenant.id, displayName: `w-${unique()}` });
    const woken = await waiting;
    expect(woken).toBeGreaterThan(before);
    const timedOut = await publisher.waitForRevision(woken, 1, controller.signal);
    expect(timedOut).toBeGreaterThanOrEqual(woken);
  });

  it('rotates its signing key in two announced steps that a node can follow', async () => {
    const original = await publisher.trustedKeys();
    expect(original).toHaveLength(1);
    const nodeTrusts = [...original];
    const before = (await bundle(0)).revision;

    const rotated = await cp.request('/api/v1/signing-keys/rotate', { method: 'POST' });
    expect(rotated.status).toBe(201);
    const next = (await rotated.json()) as { kid: string; status: string };
    expect(next.status).toBe('next');
    // Announced in a bundle signed by the key the node already trusts.
    const announcing = await publisher.signedBundle(before);
    const verified = await verifyJson(announcing.jws.toString('latin1'), nodeTrusts, {
      typ: 'portcullis-config+jws',
    });
    expect(verified.kid).toBe(original[0]?.kid);
    const announced = (verified.payload as Doc).upserts?.signingKeys as unknown as { kid: string }[];
    expect(announced.map((k) => k.kid)).toEqual([original[0]?.kid, next.kid]);
    nodeTrusts.push(...(await publisher.trustedKeys()).filter((k) => k.kid === next.kid));

    const promoted = await cp.request('/api/v1/signing-keys/promote', { method: 'POST' });
    expect(promoted.status).toBe(200);
    const afterPromotion = await publisher.signedBundle(0);
    expect((await verifyJson(afterPromotion.jws.toString('latin1'), nodeTrusts)).kid).toBe(next.kid);
    const listed = (await (await cp.request('/api/v1/signing-keys')).json()) as {
      kid: string;
      status: string;
      announced: boolean;
    }[];
    expect(listed.map((k) => [k.kid, k.status, k.announced])).toEqual([
      [next.kid, 'active', true],
      [original[0]?.kid, 'retired', true],
    ]);
    expect((await cp.request('/api/v1/signing-keys/promote', { method: 'POST' })).status).toBe(409);
    expect((await cp.request('/api/v1/signing-keys', { token: dev.token })).status).toBe(403);
  });

  it('re-seals its signing keys and fleet secrets under a new master key (rekey), idempotently', async () => {
    const db = cp.app.get(DataSource);
    const oldKey = cp.settings.secretKeys.masterKey;
    const newKey = randomBytes(32);
    const first = await db.transaction((manager) => rekeyPublisherSecrets(manager, oldKey, newKey));
    expect(first.rekeyed).toBeGreaterThanOrEqual(2);
    expect(first.unreadable).toEqual([]);
    const again = await db.transaction((manager) => rekeyPublisherSecrets(manager, oldKey, newKey));
    expect(again).toEqual({ rekeyed: 0, current: first.rekeyed, unreadable: [] });
    const stranger = await db.transaction((manager) =>
      rekeyPublisherSecrets(manager, randomBytes(32), oldKey),
    );
    expect(stranger.unreadable.length).toBe(first.rekeyed);
    // Back under the running control plane's key.
    const back = await db.transaction((manager) => rekeyPublisherSecrets(manager, newKey, oldKey));
    expect(back.rekeyed).toBe(first.rekeyed);
  });
});
