import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_V1, parseConfigBundle } from './config-bundle.js';
import { applyConfigDelta } from './config-delta.js';

/** A valid uuid (v4 layout) that is easy to tell apart in failures: id('a', 1) → aaaaaaaa-…-000000000001. */
function id(kind: string, n: number): string {
  return `${kind.repeat(8)}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const ACME = id('a', 1);
const GLOBEX = id('a', 2);
const ENGINEERING = id('b', 1);
const SALES = id('b', 2);
const ALICE = id('c', 1);
const BOB = id('c', 2);
const REPORTING = id('d', 1);
const GLOBAL_OPENAI = id('e', 1);
const ACME_VLLM = id('e', 2);
const GLOBEX_OPENAI = id('e', 3);
const KID = 'kZ2bVvGZyR3bCGgN1nLQ9rn0u3d8G0V3O-Kq1VqXZ0g';

const tenant = {
  id: ACME,
  slug: 'acme',
  name: 'Acme Corp',
  settings: { zeroDataRetention: true, jitProvisioning: false, groupsSource: 'directory' },
};

const sealed = {
  alg: 'A256GCM',
  kid: '3f1a9c0e5b7d2468',
  iv: 'AAECAwQFBgcICQoL',
  ciphertext: 'q83vEjRWeJA',
  tag: 'AAECAwQFBgcICQoLDA0ODw',
};

function hash(n: number): string {
  return n.toString(16).padStart(64, '0');
}

/** Every section filled, every field given, so that the parsed bundle equals its input. */
function fullBundle(): Record<string, unknown> & { [section: string]: unknown } {
  return {
    schema: CONFIG_SCHEMA_V1,
    kind: 'snapshot',
    revision: 42,
    issuedAt: '2026-01-01T00:00:00Z',
    expiresAt: '2026-01-08T00:00:00Z',
    tenants: [
      tenant,
      {
        id: GLOBEX,
        slug: 'globex',
        name: 'Globex',
        settings: { zeroDataRetention: false, jitProvisioning: true, groupsSource: 'both' },
      },
    ],
    users: [
      {
        id: ALICE,
        tenantId: ACME,
        active: true,
        groups: [ENGINEERING],
        externalId: '00u1abcd',
        userName: 'alice@acme.test',
      },
      { id: BOB, tenantId: GLOBEX, active: false, groups: [], externalId: null, userName: 'bob@globex.test' },
    ],
    groups: [
      { id: ENGINEERING, tenantId: ACME, displayName: 'Engineering' },
      { id: SALES, tenantId: GLOBEX, displayName: 'Sales' },
    ],
    applications: [
      { id: REPORTING, tenantId: ACME, name: 'Reporting', active: true, clientId: 'svc-reporting' },
      { id: id('d', 2), tenantId: GLOBEX, name: 'Reporting', active: true, clientId: 'svc-reporting' },
    ],
    keys: [
      {
        id: id('f', 1),
        tenantId: ACME,
        hash: hash(1),
        owner: { kind: 'user', id: ALICE },
        scopeModels: ['gpt-4o'],
        expiresAt: '2026-06-01T00:00:00+02:00',
        revoked: false,
      },
      {
        id: id('f', 2),
        tenantId: ACME,
        hash: hash(2),
        owner: { kind: 'application', id: REPORTING },
        scopeModels: null,
        expiresAt: null,
        revoked: true,
      },
    ],
    grants: [
      { id: id('1', 1), tenantId: ACME, model: 'gpt-4o', subject: { kind: 'group', id: ENGINEERING } },
      { id: id('1', 2), tenantId: ACME, model: '*', subject: { kind: 'tenant', id: ACME } },
      { id: id('1', 3), tenantId: ACME, model: 'acme/llama-3.1:70b', subject: { kind: 'user', id: ALICE } },
      { id: id('1', 4), tenantId: ACME, model: 'gpt-4o', subject: { kind: 'application', id: REPORTING } },
      { id: id('1', 5), tenantId: GLOBEX, model: 'gpt-4o', subject: { kind: 'user', id: BOB } },
    ],
    models: [
      {
        id: id('2', 1),
        tenantId: null,
        alias: 'gpt-4o',
        capabilities: ['chat', 'vision', 'tools'],
        contextWindow: 128000,
        prices: { input: 2.5, output: 10, cachedInput: 1.25, currency: 'USD' },
        requiredClaims: [],
        deployments: [
          { providerId: GLOBAL_OPENAI, upstreamModel: 'gpt-4o-2024-08-06', weight: 1, priority: 0 },
        ],
      },
      {
        // Acme's own gpt-4o shadows the global one: same alias, other namespace.
        id: id('2', 2),
        tenantId: ACME,
        alias: 'gpt-4o',
        capabilities: ['chat'],
        contextWindow: null,
        prices: { input: null, output: null, cachedInput: null, currency: 'EUR' },
        requiredClaims: [{ claim: 'amr', anyOf: ['mfa', 'hwk'] }],
        deployments: [
          { providerId: ACME_VLLM, upstreamModel: 'meta-llama/Llama-3.1-70B', weight: 3, priority: 0 },
          { providerId: GLOBAL_OPENAI, upstreamModel: 'gpt-4o', weight: 0, priority: 1 },
        ],
      },
      {
        id: id('2', 3),
        tenantId: ACME,
        alias: 'acme/llama-3.1:70b',
        capabilities: ['chat', 'embeddings'],
        contextWindow: 8192,
        prices: { input: 0, output: 0, cachedInput: null, currency: 'USD' },
        requiredClaims: [],
        deployments: [],
      },
      {
        id: id('2', 4),
        tenantId: GLOBEX,
        alias: 'gpt-4o',
        capabilities: ['chat'],
        contextWindow: null,
        prices: { input: 5, output: 15, cachedInput: null, currency: 'USD' },
        requiredClaims: [],
        deployments: [{ providerId: GLOBEX_OPENAI, upstreamModel: 'gpt-4o', weight: 1, priority: 0 }],
      },
    ],
    providers: [
      {
        id: GLOBAL_OPENAI,
        tenantId: null,
        type: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        options: {},
        timeouts: { connectMs: 5000, firstByteMs: 30000, totalMs: 120000 },
        credentials: sealed,
      },
      {
        id: ACME_VLLM,
        tenantId: ACME,
        type: 'openai-compatible',
        baseUrl: 'http://vllm.acme.internal:8000/v1',
        options: {},
        timeouts: { connectMs: 1000, firstByteMs: 60000, totalMs: 60000 },
        credentials: null,
      },
      {
        id: GLOBEX_OPENAI,
        tenantId: GLOBEX,
        type: 'azure-openai',
        baseUrl: 'https://globex.openai.azure.com',
        options: { apiVersion: '2024-10-21' },
        timeouts: { connectMs: 2000, firstByteMs: 20000, totalMs: 60000 },
        credentials: { ...sealed, ciphertext: 'c2VjcmV0' },
      },
    ],
    trustedIssuers: [
      {
        id: id('3', 1),
        tenantId: ACME,
        issuer: 'https://acme.okta.com/oauth2/default',
        audience: ['api://portcullis'],
        jwksUri: 'https://acme.okta.com/oauth2/default/v1/keys',
        groupsClaim: 'groups',
        requiredClaims: [{ claim: 'amr', anyOf: ['mfa'] }],
        algorithms: ['RS256', 'ES256'],
      },
      {
        id: id('3', 2),
        tenantId: GLOBEX,
        issuer: 'https://acme.okta.com/oauth2/default',
        audience: ['globex'],
        jwksUri: 'https://acme.okta.com/oauth2/default/v1/keys',
        groupsClaim: null,
        requiredClaims: [],
        algorithms: ['EdDSA'],
      },
    ],
    signingKeys: [
      {
        kid: KID,
        publicKeyJwk: {
          kty: 'OKP',
          crv: 'Ed25519',
          x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
          kid: KID,
          alg: 'EdDSA',
          use: 'sig',
        },
        notBefore: '2026-01-01T00:00:00Z',
      },
    ],
  };
}

type Bundle = ReturnType<typeof fullBundle>;
type Row = Record<string, unknown>;

/** The full bundle with one section's records changed by `edit`. */
function withSection(section: string, edit: (rows: Row[]) => void): Bundle {
  const bundle = structuredClone(fullBundle());
  edit(bundle[section] as Row[]);
  return bundle;
}

function row(bundle: Bundle, section: string, index: number): Row {
  const found = (bundle[section] as Row[])[index];
  if (found === undefined) throw new Error(`no ${section}[${index}]`);
  return found;
}

function bundle(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: CONFIG_SCHEMA_V1,
    revision: 7,
    issuedAt: '2026-01-01T00:00:00Z',
    expiresAt: '2026-01-02T00:00:00Z',
    tenants: [tenant],
    ...overrides,
  };
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = parseConfigBundle(input);
  if (result.ok) {
    throw new Error('expected the bundle to be rejected');
  }
  return result.issues;
}

function pathsOf(input: unknown): string[] {
  return issuesOf(input).map((issue) => issue.path);
}

describe('parseConfigBundle', () => {
  it('accepts a bundle with every section and returns it unchanged', () => {
    expect(parseConfigBundle(fullBundle())).toEqual({ ok: true, bundle: fullBundle() });
  });

  it('accepts a bundle from before the sections existed, filling in the defaults', () => {
    const result = parseConfigBundle(
      bundle({ tenants: [{ ...tenant, settings: { zeroDataRetention: true } }] }),
    );

    expect(result).toEqual({
      ok: true,
      bundle: {
        ...bundle(),
        kind: 'snapshot',
        users: [],
        groups: [],
        applications: [],
        keys: [],
        grants: [],
        models: [],
        providers: [],
        trustedIssuers: [],
        signingKeys: [],
      },
    });
  });

  it('defaults a model’s and a trusted issuer’s requiredClaims to none', () => {
    const input = structuredClone(fullBundle());
    delete row(input, 'models', 0).requiredClaims;
    delete row(input, 'trustedIssuers', 0).requiredClaims;

    const result = parseConfigBundle(input);

    expect(result.ok && result.bundle.models[0]?.requiredClaims).toEqual([]);
    expect(result.ok && result.bundle.trustedIssuers[0]?.requiredClaims).toEqual([]);
  });

  it('accepts revision 0, no tenants and datetimes with offsets', () => {
    const input = bundle({
      revision: 0,
      tenants: [],
      issuedAt: '2026-01-01T01:00:00+01:00',
      expiresAt: '2026-01-01T00:00:01Z',
    });

    expect(parseConfigBundle(input).ok).toBe(true);
  });

  it('strips keys it does not know, so newer control planes stay compatible', () => {
    const input = withSection('users', (users) => {
      users[0] = { ...users[0], department: 'R&D' };
    });
    input.routes = [{ model: 'gpt-4o' }];

    const result = parseConfigBundle(input);

    expect(result.ok && Object.keys(result.bundle)).toEqual([
      'schema',
      'kind',
      'revision',
      'issuedAt',
      'expiresAt',
      'tenants',
      'users',
      'groups',
      'applications',
      'keys',
      'grants',
      'models',
      'providers',
      'trustedIssuers',
      'signingKeys',
    ]);
    expect(result.ok && result.bundle.users[0]).not.toHaveProperty('department');
  });

  it('reads a key without scope, expiry or revocation as unscoped, not expiring and not revoked', () => {
    const input = withSection('keys', (keys) => {
      const { scopeModels: _scope, expiresAt: _expiry, revoked: _revoked, ...bare } = keys[0] as Row;
      keys[0] = bare;
    });

    const result = parseConfigBundle(input);

    expect(result.ok && result.bundle.keys[0]).toMatchObject({
      scopeModels: null,
      expiresAt: null,
      revoked: false,
    });
  });

  it('rejects another schema version', () => {
    expect(pathsOf(bundle({ schema: 'portcullis.config/v2' }))).toEqual(['schema']);
  });

  it('rejects a delta where a snapshot is expected', () => {
    expect(pathsOf(bundle({ kind: 'delta' }))).toEqual(['kind']);
  });

  it.each([-1, 1.5, '3', null])('rejects the revision %j', (revision) => {
    expect(pathsOf(bundle({ revision }))).toEqual(['revision']);
  });

  it.each(['2026-01-01', 'yesterday', '2026-01-01 00:00:00'])('rejects the issuedAt %j', (issuedAt) => {
    expect(pathsOf(bundle({ issuedAt }))).toEqual(['issuedAt']);
  });

  it.each([
    ['before', '2025-12-31T23:59:59Z'],
    ['equal to', '2026-01-01T00:00:00Z'],
    ['equal (other offset) to', '2026-01-01T02:00:00+02:00'],
  ])('rejects expiresAt %s issuedAt', (_label, expiresAt) => {
    expect(issuesOf(bundle({ expiresAt }))).toEqual([
      { path: 'expiresAt', message: 'must be after issuedAt' },
    ]);
  });

  it('names the nested path of every bad tenant field', () => {
    const issues = issuesOf(
      bundle({
        tenants: [
          tenant,
          {
            id: 'nope',
            slug: 'Bad Slug',
            name: '  ',
            settings: { zeroDataRetention: 'yes', jitProvisioning: 1, groupsSource: 'ldap' },
          },
        ],
      }),
    );

    expect(issues.map((issue) => issue.path)).toEqual([
      'tenants[1].id',
      'tenants[1].slug',
      'tenants[1].name',
      'tenants[1].settings.zeroDataRetention',
      'tenants[1].settings.jitProvisioning',
      'tenants[1].settings.groupsSource',
    ]);
  });

  it('rejects duplicate tenant ids and slugs', () => {
    const issues = issuesOf(bundle({ tenants: [tenant, { ...tenant }] }));

    expect(issues).toEqual([
      { path: 'tenants[1].id', message: 'duplicate tenant id' },
      { path: 'tenants[1].slug', message: 'duplicate tenant slug' },
    ]);
  });

  it('summarises every issue in one readable message', () => {
    const result = parseConfigBundle(bundle({ revision: -1, tenants: [{ ...tenant, id: 'x' }] }));

    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      'revision: Too small: expected number to be >=0; tenants[0].id: Invalid UUID',
    );
  });

  it('keeps the message short when there are many issues, but reports them all', () => {
    const input = withSection('keys', (keys) => {
      for (let n = 0; n < 30; n += 1) {
        keys.push({
          ...keys[0],
          id: id('9', n),
          hash: hash(100 + n),
          owner: { kind: 'user', id: id('9', n) },
        });
      }
    });

    const result = parseConfigBundle(input);

    expect(!result.ok && result.issues).toHaveLength(30);
    expect(!result.ok && result.message.split('; ')).toHaveLength(21);
    expect(!result.ok && result.message).toMatch(/; \(10 more issues\)$/);
  });

  it.each([[null], ['bundle'], [42], [[]]])('rejects %j at the root', (input) => {
    expect(pathsOf(input)).toEqual(['(root)']);
  });
});

describe('parseConfigBundle record shapes', () => {
  it.each([
    ['a non-uuid group of a user', 'users', 0, { groups: ['engineering'] }, 'users[0].groups[0]'],
    ['a user without userName', 'users', 0, { userName: '' }, 'users[0].userName'],
    [
      'an application clientId with spaces',
      'applications',
      0,
      { clientId: 'my app' },
      'applications[0].clientId',
    ],
    ['an upper-case key hash', 'keys', 0, { hash: 'A'.repeat(64) }, 'keys[0].hash'],
    ['a short key hash', 'keys', 0, { hash: 'abc123' }, 'keys[0].hash'],
    [
      'a key owned by a group',
      'keys',
      0,
      { owner: { kind: 'group', id: ENGINEERING } },
      'keys[0].owner.kind',
    ],
    ['a key expiry without offset', 'keys', 0, { expiresAt: '2026-06-01T00:00:00' }, 'keys[0].expiresAt'],
    ['a key scoped to a bad alias', 'keys', 0, { scopeModels: ['-bad'] }, 'keys[0].scopeModels[0]'],
    ['a grant of a bad alias', 'grants', 0, { model: 'gpt 4o' }, 'grants[0].model'],
    ['a grant to a role', 'grants', 0, { subject: { kind: 'role', id: ALICE } }, 'grants[0].subject.kind'],
    ['an unknown capability', 'models', 0, { capabilities: ['audio'] }, 'models[0].capabilities[0]'],
    ['a fractional context window', 'models', 0, { contextWindow: 1.5 }, 'models[0].contextWindow'],
    [
      'a negative price',
      'models',
      0,
      { prices: { input: -1, output: 0, cachedInput: null, currency: 'USD' } },
      'models[0].prices.input',
    ],
    [
      'a lower-case currency',
      'models',
      0,
      { prices: { input: 1, output: 1, cachedInput: null, currency: 'usd' } },
      'models[0].prices.currency',
    ],
    [
      'a claim requirement allowing nothing',
      'models',
      0,
      { requiredClaims: [{ claim: 'amr', anyOf: [] }] },
      'models[0].requiredClaims[0].anyOf',
    ],
    [
      'a negative deployment weight',
      'models',
      0,
      { deployments: [{ providerId: GLOBAL_OPENAI, upstreamModel: 'gpt-4o', weight: -1, priority: 0 }] },
      'models[0].deployments[0].weight',
    ],
    [
      'a fractional deployment priority',
      'models',
      0,
      { deployments: [{ providerId: GLOBAL_OPENAI, upstreamModel: 'gpt-4o', weight: 1, priority: 0.5 }] },
      'models[0].deployments[0].priority',
    ],
    ['an unknown provider type', 'providers', 0, { type: 'cohere' }, 'providers[0].type'],
    [
      'a provider base URL that is no URL',
      'providers',
      0,
      { baseUrl: 'api.openai.com' },
      'providers[0].baseUrl',
    ],
    ['a provider base URL over ftp', 'providers', 0, { baseUrl: 'ftp://files.test' }, 'providers[0].baseUrl'],
    [
      'a bad Azure api version',
      'providers',
      0,
      { options: { apiVersion: '2024 10' } },
      'providers[0].options.apiVersion',
    ],
    [
      'a zero timeout',
      'providers',
      0,
      { timeouts: { connectMs: 0, firstByteMs: 1, totalMs: 1 } },
      'providers[0].timeouts.connectMs',
    ],
    [
      'a first-byte timeout longer than the total',
      'providers',
      0,
      { timeouts: { connectMs: 1, firstByteMs: 2000, totalMs: 1000 } },
      'providers[0].timeouts.firstByteMs',
    ],
    ['an http issuer', 'trustedIssuers', 0, { issuer: 'http://acme.okta.com' }, 'trustedIssuers[0].issuer'],
    [
      'an http JWKS URI',
      'trustedIssuers',
      0,
      { jwksUri: 'http://acme.okta.com/keys' },
      'trustedIssuers[0].jwksUri',
    ],
    ['no audience', 'trustedIssuers', 0, { audience: [] }, 'trustedIssuers[0].audience'],
    ['no algorithm', 'trustedIssuers', 0, { algorithms: [] }, 'trustedIssuers[0].algorithms'],
    ['an HMAC algorithm', 'trustedIssuers', 0, { algorithms: ['HS256'] }, 'trustedIssuers[0].algorithms[0]'],
    ['alg none', 'trustedIssuers', 0, { algorithms: ['none'] }, 'trustedIssuers[0].algorithms[0]'],
    ['a signing key kid with spaces', 'signingKeys', 0, { kid: 'a b' }, 'signingKeys[0].kid'],
    ['a notBefore that is no instant', 'signingKeys', 0, { notBefore: 'soon' }, 'signingKeys[0].notBefore'],
  ])('rejects %s', (_label, section, index, patch, path) => {
    const input = withSection(section, (rows) => {
      rows[index] = { ...rows[index], ...patch };
    });

    expect(pathsOf(input)).toEqual([path]);
  });

  it('accepts an http issuer on a loopback host, for the built-in development IdP', () => {
    const input = withSection('trustedIssuers', (rows) => {
      rows[0] = {
        ...rows[0],
        issuer: 'http://localhost:8080/dev-idp',
        jwksUri: 'http://127.0.0.1:8080/jwks',
      };
    });

    expect(parseConfigBundle(input).ok).toBe(true);
  });

  it('accepts a user without externalId', () => {
    const input = structuredClone(fullBundle());
    delete row(input, 'users', 0).externalId;

    expect(parseConfigBundle(input).ok).toBe(true);
  });
});

describe('parseConfigBundle secrets', () => {
  it.each([
    ['a plaintext API key object', { apiKey: 'sk-live-0123456789abcdef' }],
    ['a sealed value with the plaintext alongside', { ...sealed, plaintext: 'sk-live-0123456789abcdef' }],
  ])('rejects %s as provider credentials, naming the smuggled field', (_label, credentials) => {
    const input = withSection('providers', (rows) => {
      rows[0] = { ...rows[0], credentials };
    });

    const issues = issuesOf(input);

    expect(issues.every((issue) => issue.path.startsWith('providers[0].credentials'))).toBe(true);
    expect(issues.find((issue) => issue.path === 'providers[0].credentials')?.message).toMatch(
      /^must be a sealed value \{ alg, kid, iv, ciphertext, tag \}; refusing "(apiKey|plaintext)"$/,
    );
  });

  it.each([
    ['a plaintext string', 'sk-live-0123456789abcdef', 'providers[0].credentials'],
    ['another algorithm', { ...sealed, alg: 'none' }, 'providers[0].credentials.alg'],
    ['a truncated tag', { ...sealed, tag: 'AAEC' }, 'providers[0].credentials.tag'],
    ['a 16-byte iv', { ...sealed, iv: 'AAECAwQFBgcICQoLDA0ODw' }, 'providers[0].credentials.iv'],
    [
      'non-base64url ciphertext',
      { ...sealed, ciphertext: 'c2VjcmV0+/=' },
      'providers[0].credentials.ciphertext',
    ],
  ])('rejects %s as provider credentials', (_label, credentials, path) => {
    const input = withSection('providers', (rows) => {
      rows[0] = { ...rows[0], credentials };
    });

    expect(pathsOf(input)).toEqual([path]);
  });

  it('rejects a private key among the signing keys', () => {
    const input = withSection('signingKeys', (rows) => {
      const key = rows[0] as { publicKeyJwk: Row };
      rows[0] = {
        ...key,
        publicKeyJwk: { ...key.publicKeyJwk, d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A' },
      };
    });

    expect(issuesOf(input)).toEqual([
      {
        path: 'signingKeys[0].publicKeyJwk',
        message: 'must be a public key: a private key ("d") must never be published',
      },
    ]);
  });

  it.each([
    ['an X25519 key', { crv: 'X25519' }, 'signingKeys[0].publicKeyJwk.crv'],
    ['an RSA key', { kty: 'RSA' }, 'signingKeys[0].publicKeyJwk.kty'],
    ['a short x', { x: 'AAAA' }, 'signingKeys[0].publicKeyJwk.x'],
    ['unknown JWK members', { key_ops: ['sign'] }, 'signingKeys[0].publicKeyJwk'],
  ])('rejects %s as a signing key', (_label, patch, path) => {
    const input = withSection('signingKeys', (rows) => {
      const key = rows[0] as { publicKeyJwk: Row };
      rows[0] = { ...key, publicKeyJwk: { ...key.publicKeyJwk, ...patch } };
    });

    expect(pathsOf(input)).toEqual([path]);
  });
});

describe('parseConfigBundle cross-references', () => {
  const UNKNOWN = id('0', 99);

  it.each<[string, string, (input: Bundle) => void, { path: string; message: string }]>([
    [
      'a duplicate user id',
      'users',
      (input) => (input.users as Row[]).push({ ...row(input, 'users', 0) }),
      { path: 'users[2].id', message: 'duplicate user id' },
    ],
    [
      'a duplicate group id',
      'groups',
      (input) => Object.assign(row(input, 'groups', 1), { id: ENGINEERING }),
      { path: 'groups[1].id', message: 'duplicate group id' },
    ],
    [
      'a duplicate application id',
      'applications',
      (input) => Object.assign(row(input, 'applications', 1), { id: REPORTING }),
      { path: 'applications[1].id', message: 'duplicate application id' },
    ],
    [
      'a duplicate key id',
      'keys',
      (input) => Object.assign(row(input, 'keys', 1), { id: id('f', 1) }),
      { path: 'keys[1].id', message: 'duplicate key id' },
    ],
    [
      'a duplicate grant id',
      'grants',
      (input) => Object.assign(row(input, 'grants', 1), { id: id('1', 1) }),
      { path: 'grants[1].id', message: 'duplicate grant id' },
    ],
    [
      'a duplicate model id',
      'models',
      (input) => Object.assign(row(input, 'models', 3), { id: id('2', 1) }),
      { path: 'models[3].id', message: 'duplicate model id' },
    ],
    [
      'a duplicate provider id',
      'providers',
      (input) => (input.providers as Row[]).push({ ...row(input, 'providers', 0) }),
      { path: 'providers[3].id', message: 'duplicate provider id' },
    ],
    [
      'a duplicate trusted issuer id',
      'trustedIssuers',
      (input) => Object.assign(row(input, 'trustedIssuers', 1), { id: id('3', 1) }),
      { path: 'trustedIssuers[1].id', message: 'duplicate trusted issuer id' },
    ],
    [
      'a duplicate signing key id',
      'signingKeys',
      (input) => (input.signingKeys as Row[]).push({ ...row(input, 'signingKeys', 0) }),
      { path: 'signingKeys[1].kid', message: 'duplicate signing key id' },
    ],
    [
      'a user of an unknown tenant',
      'users',
      (input) =>
        (input.users as Row[]).push({ ...row(input, 'users', 1), id: id('c', 9), tenantId: UNKNOWN }),
      { path: 'users[2].tenantId', message: 'no tenant with this id in the bundle' },
    ],
    [
      'a group of an unknown tenant',
      'groups',
      (input) => Object.assign(row(input, 'groups', 1), { tenantId: UNKNOWN }),
      { path: 'groups[1].tenantId', message: 'no tenant with this id in the bundle' },
    ],
    [
      'an application of an unknown tenant',
      'applications',
      (input) => Object.assign(row(input, 'applications', 1), { tenantId: UNKNOWN }),
      { path: 'applications[1].tenantId', message: 'no tenant with this id in the bundle' },
    ],
    [
      'a model of an unknown tenant',
      'models',
      (input) => Object.assign(row(input, 'models', 2), { tenantId: UNKNOWN }),
      { path: 'models[2].tenantId', message: 'no tenant with this id in the bundle' },
    ],
    [
      'a provider of an unknown tenant',
      'providers',
      (input) => {
        (input.providers as Row[]).push({ ...row(input, 'providers', 0), id: id('e', 9), tenantId: UNKNOWN });
      },
      { path: 'providers[3].tenantId', message: 'no tenant with this id in the bundle' },
    ],
    [
      'a trusted issuer of an unknown tenant',
      'trustedIssuers',
      (input) => Object.assign(row(input, 'trustedIssuers', 1), { tenantId: UNKNOWN }),
      { path: 'trustedIssuers[1].tenantId', message: 'no tenant with this id in the bundle' },
    ],
    [
      'a user in an unknown group',
      'users',
      (input) => Object.assign(row(input, 'users', 0), { groups: [ENGINEERING, UNKNOWN] }),
      { path: 'users[0].groups[1]', message: "no group with this id in the user's tenant" },
    ],
    [
      'a user in a group of another tenant',
      'users',
      (input) => Object.assign(row(input, 'users', 0), { groups: [SALES] }),
      { path: 'users[0].groups[0]', message: "no group with this id in the user's tenant" },
    ],
    [
      'a duplicate clientId in one tenant',
      'applications',
      (input) => Object.assign(row(input, 'applications', 1), { tenantId: ACME }),
      { path: 'applications[1].clientId', message: 'duplicate clientId in this tenant' },
    ],
    [
      'a key owned by an unknown user',
      'keys',
      (input) => Object.assign(row(input, 'keys', 0), { owner: { kind: 'user', id: UNKNOWN } }),
      { path: 'keys[0].owner.id', message: "no user with this id in the key's tenant" },
    ],
    [
      'a key owned by a user of another tenant',
      'keys',
      (input) => Object.assign(row(input, 'keys', 0), { owner: { kind: 'user', id: BOB } }),
      { path: 'keys[0].owner.id', message: "no user with this id in the key's tenant" },
    ],
    [
      'a key owned by an application of another tenant',
      'keys',
      (input) => Object.assign(row(input, 'keys', 1), { owner: { kind: 'application', id: id('d', 2) } }),
      { path: 'keys[1].owner.id', message: "no application with this id in the key's tenant" },
    ],
    [
      'a key owned by a user id that is an application',
      'keys',
      (input) => Object.assign(row(input, 'keys', 1), { owner: { kind: 'user', id: REPORTING } }),
      { path: 'keys[1].owner.id', message: "no user with this id in the key's tenant" },
    ],
    [
      'a duplicate key hash',
      'keys',
      (input) => Object.assign(row(input, 'keys', 1), { hash: hash(1) }),
      { path: 'keys[1].hash', message: 'duplicate key hash' },
    ],
    [
      'a grant to an unknown user',
      'grants',
      (input) => Object.assign(row(input, 'grants', 2), { subject: { kind: 'user', id: UNKNOWN } }),
      { path: 'grants[2].subject.id', message: "no user with this id in the grant's tenant" },
    ],
    [
      'a grant to a group of another tenant',
      'grants',
      (input) => Object.assign(row(input, 'grants', 0), { subject: { kind: 'group', id: SALES } }),
      { path: 'grants[0].subject.id', message: "no group with this id in the grant's tenant" },
    ],
    [
      'a grant to an unknown application',
      'grants',
      (input) => Object.assign(row(input, 'grants', 3), { subject: { kind: 'application', id: UNKNOWN } }),
      { path: 'grants[3].subject.id', message: "no application with this id in the grant's tenant" },
    ],
    [
      'a tenant grant naming another tenant',
      'grants',
      (input) => Object.assign(row(input, 'grants', 1), { subject: { kind: 'tenant', id: GLOBEX } }),
      { path: 'grants[1].subject.id', message: "must be the grant's own tenantId" },
    ],
    [
      'a grant of an unknown tenant',
      'grants',
      (input) =>
        Object.assign(row(input, 'grants', 1), {
          tenantId: UNKNOWN,
          subject: { kind: 'tenant', id: UNKNOWN },
        }),
      { path: 'grants[1].tenantId', message: 'no tenant with this id in the bundle' },
    ],
    [
      'a duplicate alias in one tenant',
      'models',
      (input) => Object.assign(row(input, 'models', 2), { alias: 'gpt-4o' }),
      { path: 'models[2].alias', message: 'duplicate alias in this tenant' },
    ],
    [
      'a duplicate alias in the global catalog',
      'models',
      (input) => (input.models as Row[]).push({ ...row(input, 'models', 0), id: id('2', 9) }),
      { path: 'models[4].alias', message: 'duplicate alias in the global catalog' },
    ],
    [
      'a deployment on an unknown provider',
      'models',
      (input) =>
        Object.assign(row(input, 'models', 0), {
          deployments: [{ providerId: UNKNOWN, upstreamModel: 'gpt-4o', weight: 1, priority: 0 }],
        }),
      { path: 'models[0].deployments[0].providerId', message: 'no provider with this id in the bundle' },
    ],
    [
      'a global model on a tenant’s provider',
      'models',
      (input) =>
        Object.assign(row(input, 'models', 0), {
          deployments: [{ providerId: ACME_VLLM, upstreamModel: 'llama', weight: 1, priority: 0 }],
        }),
      {
        path: 'models[0].deployments[0].providerId',
        message: 'a global model may only use global providers',
      },
    ],
    [
      'a tenant model on another tenant’s provider',
      'models',
      (input) =>
        Object.assign(row(input, 'models', 1), {
          deployments: [
            { providerId: ACME_VLLM, upstreamModel: 'llama', weight: 1, priority: 0 },
            { providerId: GLOBEX_OPENAI, upstreamModel: 'gpt-4o', weight: 1, priority: 1 },
          ],
        }),
      {
        path: 'models[1].deployments[1].providerId',
        message: "the provider belongs to another tenant than the model's",
      },
    ],
    [
      'a duplicate issuer in one tenant',
      'trustedIssuers',
      (input) => Object.assign(row(input, 'trustedIssuers', 1), { tenantId: ACME }),
      { path: 'trustedIssuers[1].issuer', message: 'duplicate issuer in this tenant' },
    ],
    [
      'a signing key whose JWK names another kid',
      'signingKeys',
      (input) => {
        const key = row(input, 'signingKeys', 0) as { publicKeyJwk: Row };
        key.publicKeyJwk.kid = 'another-kid';
      },
      { path: 'signingKeys[0].publicKeyJwk.kid', message: 'must equal kid' },
    ],
  ])('rejects %s (%s)', (_label, _section, edit, expected) => {
    const input = structuredClone(fullBundle());
    edit(input);

    expect(issuesOf(input)).toEqual([expected]);
  });

  it('reports every broken reference of a record, not just the first', () => {
    const input = structuredClone(fullBundle());
    Object.assign(row(input, 'keys', 0), { tenantId: GLOBEX, hash: hash(2) });

    expect(issuesOf(input)).toEqual([
      { path: 'keys[0].owner.id', message: "no user with this id in the key's tenant" },
      { path: 'keys[1].hash', message: 'duplicate key hash' },
    ]);
  });
});

describe('parseConfigBundle at scale', () => {
  it('validates 20,000 users and 100,000 keys, and applies a delta to them', () => {
    const users = Array.from({ length: 20_000 }, (_unused, n) => ({
      id: id('c', n),
      tenantId: n % 2 === 0 ? ACME : GLOBEX,
      active: n % 97 !== 0,
      groups: n % 2 === 0 ? [ENGINEERING] : [SALES],
      externalId: `ext-${n}`,
      userName: `user${n}@example.test`,
    }));
    const keys = Array.from({ length: 100_000 }, (_unused, n) => {
      const owner = users[n % users.length];
      if (owner === undefined) throw new Error('unreachable');
      return {
        id: id('f', n),
        tenantId: owner.tenantId,
        hash: hash(n),
        owner: { kind: 'user', id: owner.id },
        scopeModels: n % 3 === 0 ? ['gpt-4o'] : null,
        expiresAt: null,
        revoked: false,
      };
    });
    const input = {
      ...fullBundle(),
      users,
      keys,
      grants: [],
      applications: [],
    };

    const result = parseConfigBundle(input);

    if (!result.ok) throw new Error(result.message);
    const snapshot = result.bundle;
    expect(snapshot.users).toHaveLength(20_000);
    expect(snapshot.keys).toHaveLength(100_000);

    const next = applyConfigDelta(snapshot, {
      schema: CONFIG_SCHEMA_V1,
      kind: 'delta',
      fromRevision: snapshot.revision,
      revision: snapshot.revision + 1,
      issuedAt: '2026-01-01T00:00:01Z',
      expiresAt: '2026-01-08T00:00:01Z',
      upserts: { users: snapshot.users.slice(0, 1).map((user) => ({ ...user, active: false })) },
      deletes: { users: [id('c', 1)] },
    });

    expect(next.ok).toBe(true);
    expect(next.ok && next.bundle.users).toHaveLength(19_999);
    expect(next.ok && next.bundle.users[0]?.active).toBe(false);
    // User 1 owned every key n with n % 20,000 === 1.
    expect(next.ok && next.bundle.keys).toHaveLength(99_995);
  }, 60_000);
});
