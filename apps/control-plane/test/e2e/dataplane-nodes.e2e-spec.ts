import { randomBytes, randomUUID } from 'node:crypto';
import { generateSigningKey, openSealed, type SigningKey } from '@portcullis/signing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigPublisherReader } from '../../src/modules/config-publisher/config-publisher.reader.js';
import { TrustedKeysSource } from '../../src/modules/dataplane/trusted-keys.source.js';
import { CHANGE_LOCK_KEY } from '../../src/platform/db/locks.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { dumpDatabase, sql } from '../support/database.js';
import { newNodeKeys, nodeAssertion, type TestNode } from '../support/nodes.js';
import { createPerson, createTenant, type TestPerson } from '../support/people.js';

interface TokenBody {
  id: string;
  name: string;
  prefix: string;
  status: string;
  expiresAt: string;
  usedAt: string | null;
  usedByNodeId: string | null;
  revokedAt: string | null;
  token?: string;
}
interface NodeBody {
  id: string;
  name: string;
  status: string;
  live: boolean;
  appliedRevision: number;
  lagRevisions: number;
  appliedAt: string | null;
  lastSeenAt: string | null;
  remoteAddress: string | null;
  revokedAt: string | null;
}
interface RolloutBody {
  revision: number;
  committedAt: string | null;
  liveNodes: number;
  appliedNodes: number;
  slowestMs: number | null;
  nodes: { id: string; name: string; appliedRevision: number; appliedAt: string | null }[];
}
interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}
interface AuditBody {
  action: string;
  actor: { type: string; id: string };
  after: unknown;
}

let cp: TestControlPlane;
let tenantAuditor: TestPerson;
let tenantOwner: TestPerson;
let globalAuditorToken: string;

const unique = (): string => randomBytes(3).toString('hex');

async function body<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function createToken(json: Record<string, unknown> = {}): Promise<TokenBody> {
  return body<TokenBody>(
    await cp.request('/api/v1/enrollment-tokens', {
      method: 'POST',
      json: { name: `node-${unique()}`, ...json },
    }),
    201,
  );
}

function enrollBody(
  token: string,
  keys: Pick<TestNode, 'signing' | 'encryption'>,
  name = `edge-${unique()}`,
) {
  return {
    token,
    name,
    version: '0.1.0',
    signingKey: keys.signing.publicJwk,
    encryptionKey: keys.encryption.publicJwk,
  };
}

function enroll(json: unknown): Promise<Response> {
  return cp.request('/dataplane/v1/enroll', { method: 'POST', json, token: null });
}

/** A node straight in the database: enrollment needs the publisher's keys, which tests cannot rely on. */
async function insertNode(
  fields: { name?: string; lastSeen?: string | null; applied?: number; revoked?: boolean } = {},
): Promise<TestNode> {
  const keys = await newNodeKeys();
  const name = fields.name ?? `sql-node-${unique()}`;
  const [row] = await sql<{ id: string }[]>(
    cp,
    `INSERT INTO dataplane_nodes (name, version, signing_key, encryption_key, last_seen_at, applied_revision,
                                  applied_at, revoked_at)
     VALUES ($1, '0.1.0', $2, $3, now() + $4::interval, $5::bigint, CASE WHEN $5::bigint > 0 THEN now() END,
             CASE WHEN $6 THEN now() END)
     RETURNING id`,
    [
      name,
      JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: keys.signing.publicJwk.x }),
      JSON.stringify(keys.encryption.publicJwk),
      fields.lastSeen === undefined ? null : fields.lastSeen,
      fields.applied ?? 0,
      fields.revoked ?? false,
    ],
  );
  if (row === undefined) throw new Error('no node inserted');
  return { id: row.id, name, ...keys };
}

function nodeCall(
  path: string,
  bearer: string | null,
  headers: Record<string, string> = {},
): Promise<Response> {
  return cp.request(path, {
    token: null,
    headers: bearer === null ? headers : { ...headers, authorization: `Bearer ${bearer}` },
  });
}

async function currentRevision(): Promise<number> {
  return (await body<{ revision: number }>(await cp.request('/api/v1/config-revision'), 200)).revision;
}

/**
 * Runs `work` while no revision can commit anywhere (other test files share the database and
 * change it in parallel): it holds the change lock that every revision bump takes. Inside, make
 * no call that writes an audit event (the admin token's use does), or it waits for the lock.
 */
async function withRevisionsFrozen<T>(work: (current: number) => Promise<T>): Promise<T> {
  const runner = cp.app.get(DataSource).createQueryRunner();
  await runner.connect();
  await runner.startTransaction('READ COMMITTED');
  try {
    await runner.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK_KEY]);
    const rows: unknown = await runner.query(
      'SELECT COALESCE(MAX(revision), 0)::text AS current FROM config_changes',
    );
    const [row] = rows as { current: string }[];
    return await work(Number(row?.current ?? 0));
  } finally {
    await runner.commitTransaction();
    await runner.release();
  }
}

/** Polls for config as a node that is up to date: nothing newer comes, so 304 after at most 1 s. */
async function pollWhileCurrent(node: TestNode): Promise<{ status: number; current: number }> {
  return withRevisionsFrozen(async (current) => {
    const response = await nodeCall(
      `/dataplane/v1/config?since=${current}&wait=1`,
      await nodeAssertion(node),
    );
    await response.arrayBuffer();
    return { status: response.status, current };
  });
}

async function nodeRow(id: string) {
  const [row] = await sql<
    {
      last_seen_at: Date | null;
      applied_revision: string;
      applied_at: Date | null;
      remote_address: string | null;
      signing_key: Record<string, unknown>;
      encryption_key: Record<string, unknown>;
    }[]
  >(cp, 'SELECT * FROM dataplane_nodes WHERE id = $1', [id]);
  return row;
}

async function auditOf(action: string, targetId: string): Promise<AuditBody[]> {
  const filter = encodeURIComponent(JSON.stringify({ action, targetId }));
  return body<AuditBody[]>(await cp.request(`/api/v1/audit?filter=${filter}`), 200);
}

/** Trusted keys through the enrollment seam, for as long as `work` runs. */
async function withTrustedKeys<T>(
  keys: () => Promise<SigningKey['publicJwk'][]>,
  work: () => Promise<T>,
): Promise<T> {
  const spy = vi.spyOn(cp.app.get(TrustedKeysSource), 'current').mockImplementation(keys);
  try {
    return await work();
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  cp = await startTestControlPlane();
  const tenant = await createTenant(cp, 'fleet');
  tenantAuditor = await createPerson(cp, tenant, 'auditor', 'auditor');
  tenantOwner = await createPerson(cp, tenant, 'owner', 'tenant-owner');
  const globalAuditor = await createPerson(cp, tenant, 'global-auditor');
  globalAuditorToken = globalAuditor.token;
  await body(
    await cp.request('/api/v1/role-bindings', {
      method: 'POST',
      json: { tenantId: null, role: 'auditor', subjectType: 'user', subjectId: globalAuditor.userId },
    }),
    201,
  );
});

afterAll(async () => {
  await cp.close();
});

describe('enrollment tokens', () => {
  it('are shown once, stored only as a keyed hash with a prefix, and audited without the token', async () => {
    const response = await cp.request('/api/v1/enrollment-tokens', {
      method: 'POST',
      json: { name: 'rack 7' },
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const created = await body<TokenBody>(response, 201);
    const token = created.token ?? '';
    expect(token).toMatch(/^pen_[0-9A-Za-z]{43}$/);
    expect(created).toMatchObject({
      name: 'rack 7',
      prefix: token.slice(0, 12),
      status: 'active',
      usedAt: null,
    });
    const hours = (Date.parse(created.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);

    const one = await body<TokenBody>(await cp.request(`/api/v1/enrollment-tokens/${created.id}`), 200);
    expect(one).not.toHaveProperty('token');
    const list = await cp.request('/api/v1/enrollment-tokens');
    expect(list.headers.get('content-range')).toMatch(/^enrollment-tokens 0-\d+\/\d+$/);
    expect(await list.text()).not.toContain(token);

    const [row] = await sql<{ token_hash: string }[]>(
      cp,
      'SELECT token_hash FROM enrollment_tokens WHERE id = $1',
      [created.id],
    );
    expect(row?.token_hash).toBe(cp.settings.secretKeys.hashToken(token));
    expect((await dumpDatabase(cp)).text).not.toContain(token);
    const [event] = await auditOf('enrollment-token.create', created.id);
    expect(event).toMatchObject({ actor: { type: 'token', id: 'admin-token' } });
    expect(JSON.stringify(event)).not.toContain(token);
    expect(cp.logs.text).not.toContain(token);
  });

  it('expire after 1 to 720 hours', async () => {
    const longest = await createToken({ expiresInHours: 720 });
    expect(Date.parse(longest.expiresAt) - Date.now()).toBeGreaterThan(719.9 * 3_600_000);
    for (const expiresInHours of [0, 721, 1.5, '2']) {
      const refused = await body<ErrorBody>(
        await cp.request('/api/v1/enrollment-tokens', {
          method: 'POST',
          json: { name: 'x', expiresInHours },
        }),
        400,
      );
      expect([...new Set(refused.error.fields?.map((f) => f.field))]).toEqual(['expiresInHours']);
    }
  });

  it('belong to platform admins only', async () => {
    for (const token of [tenantOwner.token, tenantAuditor.token, globalAuditorToken]) {
      expect((await cp.request('/api/v1/enrollment-tokens', { token })).status).toBe(403);
      const create = await cp.request('/api/v1/enrollment-tokens', {
        method: 'POST',
        token,
        json: { name: 'x' },
      });
      expect(create.status).toBe(403);
    }
  });

  it('are revoked once, audited', async () => {
    const created = await createToken();
    const revoked = await body<TokenBody>(
      await cp.request(`/api/v1/enrollment-tokens/${created.id}`, { method: 'DELETE' }),
      200,
    );
    expect(revoked.status).toBe('revoked');
    const again = await body<TokenBody>(
      await cp.request(`/api/v1/enrollment-tokens/${created.id}`, { method: 'DELETE' }),
      200,
    );
    expect(again.revokedAt).toBe(revoked.revokedAt);
    expect(await auditOf('enrollment-token.revoke', created.id)).toHaveLength(1);
    expect((await cp.request(`/api/v1/enrollment-tokens/${randomUUID()}`, { method: 'DELETE' })).status).toBe(
      404,
    );
  });
});

describe('POST /dataplane/v1/enroll', () => {
  const trusted = generateSigningKey();

  it('enrolls a node, uses the token up and lets the node sign its requests', async () => {
    const token = await createToken();
    const keys = await newNodeKeys();
    const controlPlaneKey = (await trusted).publicJwk;
    const response = await withTrustedKeys(
      () => Promise.resolve([controlPlaneKey]),
      () => enroll(enrollBody(token.token ?? '', keys, 'gateway-eu-1')),
    );
    const enrolled = await body<{ nodeId: string; trustedKeys: unknown[] }>(response, 201);
    expect(enrolled.trustedKeys).toEqual([controlPlaneKey]);

    const row = await nodeRow(enrolled.nodeId);
    expect(row?.signing_key).toEqual({ kty: 'OKP', crv: 'Ed25519', x: keys.signing.publicJwk.x });
    expect(row?.encryption_key).toEqual(keys.encryption.publicJwk);
    const used = await body<TokenBody>(await cp.request(`/api/v1/enrollment-tokens/${token.id}`), 200);
    expect(used).toMatchObject({ status: 'used', usedByNodeId: enrolled.nodeId });
    const [event] = await auditOf('node.enroll', enrolled.nodeId);
    expect(event).toMatchObject({
      actor: { type: 'node', id: enrolled.nodeId },
      after: { name: 'gateway-eu-1', enrolledWith: { id: token.id, prefix: token.prefix } },
    });

    const node: TestNode = { id: enrolled.nodeId, name: 'gateway-eu-1', ...keys };
    expect((await pollWhileCurrent(node)).status).toBe(304);

    // The same token again: refused, whatever the publisher says.
    const reuse = await enroll(enrollBody(token.token ?? '', await newNodeKeys()));
    expect((await body<ErrorBody>(reuse, 401)).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 503 and keeps the token while the publisher cannot list its trusted keys', async () => {
    const token = await createToken();
    const name = `waiting-${unique()}`;
    const keys = await newNodeKeys();
    const response = await withTrustedKeys(
      () => Promise.reject(new Error('no signing key yet')),
      () => enroll(enrollBody(token.token ?? '', keys, name)),
    );
    expect((await body<ErrorBody>(response, 503)).error.code).toBe('UNAVAILABLE');
    const kept = await body<TokenBody>(await cp.request(`/api/v1/enrollment-tokens/${token.id}`), 200);
    expect(kept).toMatchObject({ status: 'active', usedAt: null });
    expect(await sql<unknown[]>(cp, 'SELECT 1 FROM dataplane_nodes WHERE name = $1', [name])).toEqual([]);
    expect(cp.logs.text).not.toContain(token.token);
  });

  it('refuses unknown, used, expired and revoked tokens with one message', async () => {
    const used = await createToken();
    await sql(cp, 'UPDATE enrollment_tokens SET used_at = now() WHERE id = $1', [used.id]);
    const expired = await createToken();
    await sql(cp, "UPDATE enrollment_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1", [
      expired.id,
    ]);
    const revoked = await createToken();
    await cp.request(`/api/v1/enrollment-tokens/${revoked.id}`, { method: 'DELETE' });
    const messages = new Set<string>();
    for (const token of [
      used.token,
      expired.token,
      revoked.token,
      `pen_${'A'.repeat(43)}`,
      'not-even-a-token',
    ]) {
      const refused = await body<ErrorBody>(await enroll(enrollBody(token ?? '', await newNodeKeys())), 401);
      expect(refused.error.code).toBe('UNAUTHENTICATED');
      messages.add(refused.error.message);
    }
    expect(messages.size).toBe(1);
  });

  it('lets exactly one of two simultaneous enrollments with one token through', async () => {
    const token = await createToken();
    const controlPlaneKey = (await trusted).publicJwk;
    // Both requests pass the first check and meet here, so they race for the token's row lock.
    let arrived = 0;
    let releaseBoth: () => void = () => undefined;
    const bothArrived = new Promise<void>((resolve) => {
      releaseBoth = resolve;
      setTimeout(resolve, 5000);
    });
    const names = [`twin-${unique()}`, `twin-${unique()}`];
    const responses = await withTrustedKeys(
      async () => {
        arrived++;
        if (arrived === 2) releaseBoth();
        await bothArrived;
        return [controlPlaneKey];
      },
      async () =>
        Promise.all(
          names.map(async (name) => enroll(enrollBody(token.token ?? '', await newNodeKeys(), name))),
        ),
    );
    expect(arrived).toBe(2);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 401]);
    const nodes = await sql<unknown[]>(cp, 'SELECT 1 FROM dataplane_nodes WHERE name = ANY($1)', [names]);
    expect(nodes).toHaveLength(1);
  });

  it('refuses private keys and wrong curves, naming the field, and keeps the token', async () => {
    const token = await createToken();
    const keys = await newNodeKeys();
    const cases: [Record<string, unknown>, string][] = [
      [{ signingKey: keys.signing.privateJwk }, 'signingKey.d'],
      [{ encryptionKey: keys.encryption.privateJwk }, 'encryptionKey.d'],
      [{ signingKey: keys.encryption.publicJwk }, 'signingKey.crv'],
      [{ encryptionKey: { ...keys.encryption.publicJwk, x: 'short' } }, 'encryptionKey.x'],
      [{ signingKey: 'a key' }, 'signingKey'],
      [{ name: '' }, 'name'],
      [{ version: 'v'.repeat(65) }, 'version'],
    ];
    for (const [change, field] of cases) {
      const refused = await body<ErrorBody>(
        await enroll({ ...enrollBody(token.token ?? '', keys), ...change }),
        400,
      );
      expect(
        refused.error.fields?.map((f) => f.field),
        JSON.stringify(change),
      ).toContain(field);
      if (field.endsWith('.d')) {
        expect(refused.error.fields?.find((f) => f.field === field)?.message).toContain(
          'must be a public key',
        );
      }
    }
    const kept = await body<TokenBody>(await cp.request(`/api/v1/enrollment-tokens/${token.id}`), 200);
    expect(kept.status).toBe('active');
  });

  it('hands out the publisher’s trusted keys', async () => {
    const reader = cp.app.get(ConfigPublisherReader);
    const publisherKeys = await reader.trustedKeys();
    expect(publisherKeys.length).toBeGreaterThan(0);
    const token = await createToken();
    const enrolled = await body<{ nodeId: string; trustedKeys: unknown[] }>(
      await enroll(enrollBody(token.token ?? '', await newNodeKeys())),
      201,
    );
    expect(enrolled.trustedKeys).toEqual(publisherKeys);
  });
});

describe('node assertions', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await insertNode();
  });

  it('let a node long-poll for config, recording what it applied, when and from where', async () => {
    const before = Date.now();
    const { status, current } = await pollWhileCurrent(node);
    expect(status).toBe(304);
    const row = await nodeRow(node.id);
    expect(Number(row?.applied_revision)).toBe(current);
    expect(row?.last_seen_at?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row?.remote_address).toMatch(/127\.0\.0\.1$/);
    if (current > 0) expect(row?.applied_at?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('never move the applied revision backwards', async () => {
    const ahead = await insertNode({ applied: 0 });
    const { current } = await pollWhileCurrent(ahead);
    const stale = await nodeCall('/dataplane/v1/config?since=0&wait=1', await nodeAssertion(ahead));
    await stale.arrayBuffer();
    // since=0 asks for a snapshot (which the publisher may not sign yet); either way, nothing moves back.
    expect([200, 304, 503]).toContain(stale.status);
    expect(Number((await nodeRow(ahead.id))?.applied_revision)).toBe(current);
  });

  it('refuse what a node did not sign, or signed wrongly', async () => {
    const valid = await nodeAssertion(node);
    const [header, payload, signature = ''] = valid.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    bytes[5] = (bytes[5] ?? 0) ^ 0xff;
    const stranger = await insertNode();
    const cases: [string, string | null][] = [
      ['no assertion', null],
      ['tampered signature', `${header}.${payload}.${bytes.toString('base64url')}`],
      ['signed with another key', await nodeAssertion(node, { signWith: stranger.signing })],
      ['wrong audience', await nodeAssertion(node, { audience: 'someone-else' })],
      ['wrong type', await nodeAssertion(node, { type: 'JWT' })],
      ['expired', await nodeAssertion(node, { issuedAgoS: 200, lifetimeS: 120 })],
      ['lifetime over 300 s', await nodeAssertion(node, { lifetimeS: 301 })],
      ['unknown node', await nodeAssertion({ ...node, id: randomUUID() })],
      ['kid of another node', await nodeAssertion(node, { kid: stranger.id })],
      ['too long', `${valid}${'A'.repeat(4096)}`],
    ];
    for (const [what, bearer] of cases) {
      for (const path of ['/dataplane/v1/config?since=0&wait=1', '/dataplane/v1/secrets']) {
        const refused = await body<ErrorBody>(await nodeCall(path, bearer), 401);
        expect(refused.error.code, `${what} → ${path}`).toBe('UNAUTHENTICATED');
      }
    }
    expect(cp.logs.text).not.toContain(valid.split('.')[2]);
  });

  it('stop at once for a revoked node', async () => {
    const doomed = await insertNode();
    expect((await pollWhileCurrent(doomed)).status).toBe(304);
    const revoked = await body<NodeBody>(
      await cp.request(`/api/v1/nodes/${doomed.id}`, { method: 'DELETE' }),
      200,
    );
    expect(revoked.status).toBe('revoked');
    const refused = await nodeCall('/dataplane/v1/config?since=0&wait=1', await nodeAssertion(doomed));
    expect(refused.status).toBe(401);
    const [event] = await auditOf('node.revoke', doomed.id);
    expect(event).toMatchObject({ actor: { type: 'token' }, after: { status: 'revoked' } });
  });

  it('validate since and wait', async () => {
    for (const query of ['', 'since=-1', 'since=x', 'since=1&wait=0', 'since=1&wait=61']) {
      const refused = await body<ErrorBody>(
        await nodeCall(`/dataplane/v1/config?${query}`, await nodeAssertion(node)),
        400,
      );
      expect(refused.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('fetch the fleet secrets sealed to the node', async () => {
    const response = await nodeCall('/dataplane/v1/secrets', await nodeAssertion(node));
    const { secrets } = await body<{ secrets: string }>(response, 200);
    expect(await openSealed(secrets, node.encryption.privateJwk)).toHaveProperty('fleetKeys');
  });
});

describe('GET /api/v1/nodes', () => {
  it('lists nodes with status, lag and liveness, to platform admins and global auditors only', async () => {
    const tag = `fleet-${unique()}`;
    const live = await insertNode({ name: `${tag}-live`, lastSeen: '-10 seconds', applied: 1 });
    const stale = await insertNode({ name: `${tag}-stale`, lastSeen: '-5 minutes' });
    const never = await insertNode({ name: `${tag}-never` });
    const gone = await insertNode({ name: `${tag}-revoked`, lastSeen: '-1 second', revoked: true });
    const filter = encodeURIComponent(JSON.stringify({ q: tag }));

    const before = await currentRevision();
    const listed = await body<NodeBody[]>(await cp.request(`/api/v1/nodes?filter=${filter}`), 200);
    const after = await currentRevision();
    const byId = new Map(listed.map((n) => [n.id, n]));
    expect(listed.map((n) => n.name)).toEqual([
      `${tag}-live`,
      `${tag}-never`,
      `${tag}-revoked`,
      `${tag}-stale`,
    ]);
    expect(byId.get(live.id)).toMatchObject({ status: 'live', live: true, appliedRevision: 1 });
    expect(byId.get(stale.id)).toMatchObject({ status: 'stale', live: false, appliedRevision: 0 });
    expect(byId.get(never.id)).toMatchObject({ status: 'stale', live: false, lastSeenAt: null });
    expect(byId.get(gone.id)).toMatchObject({ status: 'revoked', live: false });
    const lag = byId.get(live.id)?.lagRevisions ?? -1;
    expect(lag).toBeGreaterThanOrEqual(Math.max(0, before - 1));
    expect(lag).toBeLessThanOrEqual(Math.max(0, after - 1));

    const onlyLive = encodeURIComponent(JSON.stringify({ q: tag, status: 'live' }));
    expect(
      (await body<NodeBody[]>(await cp.request(`/api/v1/nodes?filter=${onlyLive}`), 200)).map((n) => n.id),
    ).toEqual([live.id]);

    const asAuditor = await body<NodeBody[]>(
      await cp.request(`/api/v1/nodes?filter=${filter}`, { token: globalAuditorToken }),
      200,
    );
    expect(asAuditor).toHaveLength(4);
    expect((await cp.request(`/api/v1/nodes/${live.id}`, { token: globalAuditorToken })).status).toBe(200);
    const refused = await body<ErrorBody>(
      await cp.request('/api/v1/nodes', { token: tenantAuditor.token }),
      403,
    );
    expect(refused.error.message).toContain('global auditor');
    expect((await cp.request(`/api/v1/nodes/${live.id}`, { token: tenantAuditor.token })).status).toBe(403);
    expect(
      (await cp.request(`/api/v1/nodes/${live.id}`, { method: 'DELETE', token: globalAuditorToken })).status,
    ).toBe(403);
    expect((await cp.request(`/api/v1/nodes/${randomUUID()}`)).status).toBe(404);
  });
});

describe('GET /api/v1/nodes/rollout', () => {
  it('says how many live nodes have applied a revision', async () => {
    const revision = await currentRevision();
    const tag = `rollout-${unique()}`;
    const ahead = await insertNode({ name: `${tag}-ahead`, lastSeen: '-2 seconds', applied: revision });
    const behind = await insertNode({
      name: `${tag}-behind`,
      lastSeen: '-2 seconds',
      applied: Math.max(0, revision - 1),
    });
    const stale = await insertNode({ name: `${tag}-stale`, lastSeen: '-10 minutes', applied: revision });
    const revoked = await insertNode({
      name: `${tag}-revoked`,
      lastSeen: '-1 second',
      applied: revision,
      revoked: true,
    });

    const rollout = await body<RolloutBody>(
      await cp.request(`/api/v1/nodes/rollout?revision=${revision}`),
      200,
    );
    expect(rollout.revision).toBe(revision);
    const ids = rollout.nodes.map((n) => n.id);
    expect(ids).toContain(ahead.id);
    expect(ids).not.toContain(stale.id);
    expect(ids).not.toContain(revoked.id);
    expect(rollout.nodes.find((n) => n.id === ahead.id)?.appliedAt).not.toBeNull();
    expect(rollout.liveNodes).toBe(rollout.nodes.length);
    expect(rollout.appliedNodes).toBe(rollout.nodes.filter((n) => n.appliedRevision >= revision).length);
    if (revision > 0) {
      expect(ids).toContain(behind.id);
      expect(rollout.nodes.find((n) => n.id === behind.id)?.appliedAt).toBeNull();
      expect(rollout.appliedNodes).toBeLessThan(rollout.liveNodes);
    }
    // committedAt comes from the publisher; slowestMs is known only with it.
    if (rollout.committedAt === null) expect(rollout.slowestMs).toBeNull();
    else expect(rollout.slowestMs).toBeGreaterThanOrEqual(0);

    const latest = await body<RolloutBody>(await cp.request('/api/v1/nodes/rollout'), 200);
    expect(latest.revision).toBeGreaterThanOrEqual(revision);
    for (const bad of ['x', '-1', '1.5', String(Number.MAX_SAFE_INTEGER)]) {
      const refused = await body<ErrorBody>(await cp.request(`/api/v1/nodes/rollout?revision=${bad}`), 400);
      expect(refused.error.fields?.map((f) => f.field)).toEqual(['revision']);
    }
    expect((await cp.request('/api/v1/nodes/rollout', { token: globalAuditorToken })).status).toBe(200);
    expect((await cp.request('/api/v1/nodes/rollout', { token: tenantAuditor.token })).status).toBe(403);
  });
});
