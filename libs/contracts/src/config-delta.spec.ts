import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_V1, parseConfigBundle, type ConfigBundle } from './config-bundle.js';
import { applyConfigDelta, parseConfigDelta, type ConfigDelta } from './config-delta.js';

function id(kind: string, n: number): string {
  return `${kind.repeat(8)}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const ACME = id('a', 1);
const GLOBEX = id('a', 2);
const ENGINEERING = id('b', 1);
const OPS = id('b', 2);
const ALICE = id('c', 1);
const CAROL = id('c', 2);
const BOB = id('c', 3);
const REPORTING = id('d', 1);
const OPENAI = id('e', 1);
const GLOBEX_VLLM = id('e', 2);
const KID_1 = 'kid-active';
const KID_2 = 'kid-next';
const X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';

function hash(n: number): string {
  return n.toString(16).padStart(64, '0');
}

function settings(): ConfigBundle['tenants'][number]['settings'] {
  return { zeroDataRetention: false, jitProvisioning: false, groupsSource: 'directory' };
}

/** Revision 10: Acme (Alice and Carol, Engineering and Ops, an app) and Globex (Bob). */
function snapshot(): ConfigBundle {
  const parsed = parseConfigBundle({
    schema: CONFIG_SCHEMA_V1,
    revision: 10,
    issuedAt: '2026-03-01T00:00:00Z',
    expiresAt: '2026-03-08T00:00:00Z',
    tenants: [
      { id: ACME, slug: 'acme', name: 'Acme', settings: settings() },
      { id: GLOBEX, slug: 'globex', name: 'Globex', settings: settings() },
    ],
    users: [
      { id: ALICE, tenantId: ACME, active: true, groups: [ENGINEERING, OPS], userName: 'alice' },
      { id: CAROL, tenantId: ACME, active: true, groups: [OPS], userName: 'carol' },
      { id: BOB, tenantId: GLOBEX, active: true, groups: [], userName: 'bob' },
    ],
    groups: [
      { id: ENGINEERING, tenantId: ACME, displayName: 'Engineering' },
      { id: OPS, tenantId: ACME, displayName: 'Ops' },
    ],
    applications: [{ id: REPORTING, tenantId: ACME, name: 'Reporting', active: true, clientId: null }],
    keys: [
      key(1, ACME, { kind: 'user', id: ALICE }),
      key(2, ACME, { kind: 'user', id: CAROL }),
      key(3, ACME, { kind: 'application', id: REPORTING }),
      key(4, GLOBEX, { kind: 'user', id: BOB }),
    ],
    grants: [
      grant(1, ACME, { kind: 'user', id: ALICE }),
      grant(2, ACME, { kind: 'group', id: ENGINEERING }),
      grant(3, ACME, { kind: 'group', id: OPS }),
      grant(4, ACME, { kind: 'application', id: REPORTING }),
      grant(5, ACME, { kind: 'tenant', id: ACME }),
      grant(6, GLOBEX, { kind: 'user', id: BOB }),
    ],
    models: [model(1, null, 'gpt-4o', OPENAI), model(2, GLOBEX, 'llama', GLOBEX_VLLM)],
    providers: [provider(OPENAI, null), provider(GLOBEX_VLLM, GLOBEX)],
    trustedIssuers: [
      {
        id: id('3', 1),
        tenantId: GLOBEX,
        issuer: 'https://login.globex.test',
        audience: ['portcullis'],
        jwksUri: 'https://login.globex.test/jwks',
        groupsClaim: null,
        algorithms: ['RS256'],
      },
    ],
    signingKeys: [{ kid: KID_1, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: X } }],
  });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.bundle;
}

function key(n: number, tenantId: string, owner: { kind: 'user' | 'application'; id: string }) {
  return {
    id: id('f', n),
    tenantId,
    hash: hash(n),
    owner,
    scopeModels: null,
    expiresAt: null,
    revoked: false,
  };
}

function grant(n: number, tenantId: string, subject: { kind: string; id: string }) {
  return { id: id('1', n), tenantId, model: '*', subject };
}

function model(n: number, tenantId: string | null, alias: string, providerId: string) {
  return {
    id: id('2', n),
    tenantId,
    alias,
    capabilities: ['chat'],
    contextWindow: null,
    prices: { input: null, output: null, cachedInput: null, currency: 'USD' },
    deployments: [{ providerId, upstreamModel: alias, weight: 1, priority: 0 }],
  };
}

function provider(providerId: string, tenantId: string | null) {
  return {
    id: providerId,
    tenantId,
    type: 'mock',
    baseUrl: 'https://upstream.test',
    options: {},
    timeouts: { connectMs: 1000, firstByteMs: 5000, totalMs: 10000 },
    credentials: null,
  };
}

function deltaInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: CONFIG_SCHEMA_V1,
    kind: 'delta',
    fromRevision: 10,
    revision: 12,
    issuedAt: '2026-03-02T00:00:00Z',
    expiresAt: '2026-03-09T00:00:00Z',
    upserts: {},
    deletes: {},
    ...overrides,
  };
}

function delta(overrides: Record<string, unknown> = {}): ConfigDelta {
  const parsed = parseConfigDelta(deltaInput(overrides));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.delta;
}

function applied(base: ConfigBundle, change: ConfigDelta): ConfigBundle {
  const result = applyConfigDelta(base, change);
  if (!result.ok) throw new Error(result.message);
  return result.bundle;
}

function ids(records: readonly { id: string }[]): string[] {
  return records.map((record) => record.id);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

describe('parseConfigDelta', () => {
  it('accepts a delta and defaults missing upserts and deletes to none', () => {
    const input = deltaInput();
    delete input.upserts;
    delete input.deletes;

    expect(parseConfigDelta(input)).toEqual({
      ok: true,
      delta: { ...deltaInput(), upserts: {}, deletes: {} },
    });
  });

  it('validates upserted records with the snapshot’s record schemas', () => {
    const result = parseConfigDelta(
      deltaInput({
        upserts: {
          users: [{ id: ALICE, tenantId: 'acme', active: true, groups: [], userName: 'alice' }],
          providers: [{ ...provider(OPENAI, null), credentials: { apiKey: 'sk-live-0123456789abcdef' } }],
        },
      }),
    );

    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual([
      'upserts.users[0].tenantId',
      'upserts.providers[0].credentials.alg',
      'upserts.providers[0].credentials.kid',
      'upserts.providers[0].credentials.iv',
      'upserts.providers[0].credentials.ciphertext',
      'upserts.providers[0].credentials.tag',
      'upserts.providers[0].credentials',
    ]);
  });

  it.each([
    ['a snapshot', { kind: 'snapshot' }, 'kind'],
    ['no kind', { kind: undefined }, 'kind'],
    ['another schema', { schema: 'portcullis.config/v2' }, 'schema'],
    ['a revision equal to fromRevision', { revision: 10 }, 'revision'],
    ['a revision below fromRevision', { revision: 9 }, 'revision'],
    ['a fractional fromRevision', { fromRevision: 9.5 }, 'fromRevision'],
    ['an expiry before issue', { expiresAt: '2026-03-01T00:00:00Z' }, 'expiresAt'],
    ['a deleted id that is no uuid', { deletes: { users: ['alice'] } }, 'deletes.users[0]'],
    ['an unknown section', { deletes: { routes: [ALICE] }, upserts: { routes: [] } }, null],
  ])('handles %s', (_label, overrides, path) => {
    const result = parseConfigDelta(deltaInput(overrides));

    if (path === null) {
      expect(result.ok).toBe(true);
    } else {
      expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual([path]);
    }
  });

  it('refuses a record upserted twice or both upserted and deleted', () => {
    const user = { id: ALICE, tenantId: ACME, active: true, groups: [], userName: 'alice' };
    const signingKey = { kid: KID_2, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: X } };

    const result = parseConfigDelta(
      deltaInput({
        upserts: { users: [user, user], signingKeys: [signingKey, signingKey] },
        deletes: { users: [CAROL, ALICE], signingKeys: [KID_2] },
      }),
    );

    expect(!result.ok && result.issues).toEqual([
      { path: 'upserts.users[1].id', message: 'upserted twice by this delta' },
      { path: 'deletes.users[1]', message: 'both upserted and deleted by this delta' },
      { path: 'upserts.signingKeys[1].kid', message: 'upserted twice by this delta' },
      { path: 'deletes.signingKeys[0]', message: 'both upserted and deleted by this delta' },
    ]);
  });
});

describe(applyConfigDelta.name, () => {
  it('replaces upserted records in place, appends new ones and moves the envelope forward', () => {
    const base = snapshot();
    const dave = { id: id('c', 4), tenantId: ACME, active: true, groups: [OPS], userName: 'dave' };

    const next = applied(
      base,
      delta({
        upserts: {
          users: [
            dave,
            { id: ALICE, tenantId: ACME, active: false, groups: [ENGINEERING, OPS], userName: 'alice' },
          ],
        },
      }),
    );

    expect(ids(next.users)).toEqual([ALICE, CAROL, BOB, dave.id]);
    expect(next.users[0]?.active).toBe(false);
    expect(next).toMatchObject({
      schema: CONFIG_SCHEMA_V1,
      kind: 'snapshot',
      revision: 12,
      issuedAt: '2026-03-02T00:00:00Z',
      expiresAt: '2026-03-09T00:00:00Z',
    });
    expect({
      ...next,
      users: base.users,
      revision: 10,
      issuedAt: base.issuedAt,
      expiresAt: base.expiresAt,
    }).toEqual(base);
  });

  it('changes neither the snapshot nor the delta, even when they are frozen', () => {
    const base = deepFreeze(snapshot());
    const change = deepFreeze(
      delta({
        upserts: { groups: [{ id: OPS, tenantId: ACME, displayName: 'Operations' }] },
        deletes: { groups: [ENGINEERING] },
      }),
    );

    const next = applied(base, change);

    expect(base).toEqual(snapshot());
    expect(next.groups).toEqual([{ id: OPS, tenantId: ACME, displayName: 'Operations' }]);
  });

  it('deletes records by id and ignores ids it does not hold', () => {
    const next = applied(
      snapshot(),
      delta({ deletes: { keys: [id('f', 2), id('f', 99)], grants: [id('1', 5)], models: [id('2', 1)] } }),
    );

    expect(ids(next.keys)).toEqual([id('f', 1), id('f', 3), id('f', 4)]);
    expect(ids(next.grants)).not.toContain(id('1', 5));
    expect(ids(next.models)).toEqual([id('2', 2)]);
  });

  it('upserts and deletes signing keys by kid', () => {
    const next = applied(
      snapshot(),
      delta({
        upserts: { signingKeys: [{ kid: KID_2, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: X } }] },
        deletes: { signingKeys: [KID_1] },
      }),
    );

    expect(next.signingKeys.map((signingKey) => signingKey.kid)).toEqual([KID_2]);
  });

  it('refuses a delta that does not start at the snapshot’s revision', () => {
    const result = applyConfigDelta(snapshot(), delta({ fromRevision: 9 }));

    expect(result).toEqual({
      ok: false,
      issues: [{ path: 'fromRevision', message: 'must equal the current revision 10' }],
      message: 'fromRevision: must equal the current revision 10',
    });
  });

  it.each<[string, Record<string, unknown>, { path: string; message: string }]>([
    [
      'a key owned by a user it does not carry',
      { upserts: { keys: [key(9, ACME, { kind: 'user', id: id('c', 99) })] } },
      { path: 'keys[4].owner.id', message: "no user with this id in the key's tenant" },
    ],
    [
      'a key whose hash another key has',
      { upserts: { keys: [{ ...key(9, ACME, { kind: 'user', id: ALICE }), hash: hash(1) }] } },
      { path: 'keys[4].hash', message: 'duplicate key hash' },
    ],
    [
      'a provider deleted while a model still uses it',
      { deletes: { providers: [OPENAI] } },
      { path: 'models[0].deployments[0].providerId', message: 'no provider with this id in the bundle' },
    ],
    [
      'a user moved into a group of another tenant',
      { upserts: { users: [{ id: BOB, tenantId: GLOBEX, active: true, groups: [OPS], userName: 'bob' }] } },
      { path: 'users[2].groups[0]', message: "no group with this id in the user's tenant" },
    ],
    [
      'a second model with an alias the tenant has',
      { upserts: { models: [model(9, GLOBEX, 'llama', GLOBEX_VLLM)] } },
      { path: 'models[2].alias', message: 'duplicate alias in this tenant' },
    ],
  ])('refuses a delta whose result would have %s', (_label, overrides, issue) => {
    const base = snapshot();

    const result = applyConfigDelta(base, delta(overrides));

    expect(result).toMatchObject({ ok: false, issues: [issue] });
    expect(base).toEqual(snapshot());
  });

  it('deleting a user deletes their keys and the grants naming them', () => {
    const next = applied(snapshot(), delta({ deletes: { users: [ALICE] } }));

    expect(ids(next.users)).toEqual([CAROL, BOB]);
    expect(ids(next.keys)).toEqual([id('f', 2), id('f', 3), id('f', 4)]);
    expect(ids(next.grants)).toEqual([id('1', 2), id('1', 3), id('1', 4), id('1', 5), id('1', 6)]);
  });

  it('deleting a group removes it from its members and deletes the grants naming it', () => {
    const next = applied(snapshot(), delta({ deletes: { groups: [OPS] } }));

    expect(next.users.map((user) => user.groups)).toEqual([[ENGINEERING], [], []]);
    expect(ids(next.grants)).toEqual([id('1', 1), id('1', 2), id('1', 4), id('1', 5), id('1', 6)]);
  });

  it('deleting an application deletes its keys and the grants naming it', () => {
    const next = applied(snapshot(), delta({ deletes: { applications: [REPORTING] } }));

    expect(next.applications).toEqual([]);
    expect(ids(next.keys)).toEqual([id('f', 1), id('f', 2), id('f', 4)]);
    expect(ids(next.grants)).toEqual([id('1', 1), id('1', 2), id('1', 3), id('1', 5), id('1', 6)]);
  });

  it('deleting a tenant deletes everything it owned and keeps the global catalog', () => {
    const next = applied(snapshot(), delta({ deletes: { tenants: [GLOBEX] } }));

    expect(ids(next.tenants)).toEqual([ACME]);
    expect(ids(next.users)).toEqual([ALICE, CAROL]);
    expect(ids(next.keys)).toEqual([id('f', 1), id('f', 2), id('f', 3)]);
    expect(ids(next.grants)).toEqual([id('1', 1), id('1', 2), id('1', 3), id('1', 4), id('1', 5)]);
    expect(ids(next.models)).toEqual([id('2', 1)]);
    expect(ids(next.providers)).toEqual([OPENAI]);
    expect(next.trustedIssuers).toEqual([]);
  });

  it('cascades over records the same delta upserted', () => {
    const next = applied(
      snapshot(),
      delta({
        upserts: { keys: [key(9, ACME, { kind: 'user', id: CAROL })] },
        deletes: { users: [CAROL] },
      }),
    );

    expect(ids(next.keys)).toEqual([id('f', 1), id('f', 3), id('f', 4)]);
  });

  it('applies on top of a snapshot from before kinds and sections existed', () => {
    const old = parseConfigBundle({
      schema: CONFIG_SCHEMA_V1,
      revision: 10,
      issuedAt: '2026-03-01T00:00:00Z',
      expiresAt: '2026-03-08T00:00:00Z',
      tenants: [{ id: ACME, slug: 'acme', name: 'Acme', settings: { zeroDataRetention: true } }],
    });
    if (!old.ok) throw new Error(old.message);

    const next = applied(
      old.bundle,
      delta({ upserts: { groups: [{ id: OPS, tenantId: ACME, displayName: 'Ops' }] } }),
    );

    expect(next.kind).toBe('snapshot');
    expect(next.groups).toHaveLength(1);
  });
});
