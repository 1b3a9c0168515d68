import { createHmac, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONFIG_SCHEMA_V1 } from '@portcullis/contracts';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../http/gateway-error.js';
import { createUpstreamClient, type UpstreamClient } from '../providers/upstream-client.js';
import { ConfigStore } from '../snapshot/config-store.js';
import { Gateway } from './gateway.js';
import { TokenVerifier } from './token-verifier.js';

/**
 * IdP access tokens at the gateway: a JWKS served over HTTP like an IdP's, tokens signed with
 * jose, every refusal the issue lists, and the directory deciding who the token names.
 */

const ACME = randomUUID();
const GLOBEX = randomUUID();
const ALICE = randomUUID();
const BOB = randomUUID();
const CAROL = randomUUID();
const ENG = randomUUID();
const SVC = randomUUID();
const AUDIENCE = 'api://portcullis';

let jwks: Server;
let base: string;
let rsa: { privateKey: CryptoKey; publicJwk: JWK };
let ec: { privateKey: CryptoKey; publicJwk: JWK };
let stranger: { privateKey: CryptoKey };
let jwksRequests = 0;
let store: ConfigStore;
let gateway: Gateway;
let verifier: TokenVerifier;
let upstream: UpstreamClient;
let revision = 1;

const issuerUrl = (): string => `${base}/oauth2/acme`;

async function keyPair(
  alg: 'RS256' | 'ES256',
  kid: string,
): Promise<{ privateKey: CryptoKey; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function bundle(overrides: { bobActive?: boolean; jit?: boolean; groupsSource?: string } = {}): unknown {
  const tenant = (id: string, slug: string): unknown => ({
    id,
    slug,
    name: slug,
    settings: {
      zeroDataRetention: false,
      jitProvisioning: overrides.jit ?? false,
      groupsSource: overrides.groupsSource ?? 'directory',
    },
  });
  const model = (alias: string, tenantId: string, requiredClaims: unknown[] = []): unknown => ({
    id: randomUUID(),
    tenantId,
    alias,
    capabilities: ['chat'],
    contextWindow: null,
    prices: { input: null, output: null, cachedInput: null, currency: 'USD' },
    requiredClaims,
    deployments: [],
  });
  const issuer = (tenantId: string, iss: string, requiredClaims: unknown[] = []): unknown => ({
    id: randomUUID(),
    tenantId,
    issuer: iss,
    audience: [AUDIENCE],
    jwksUri: `${base}/keys`,
    groupsClaim: 'groups',
    requiredClaims,
    algorithms: ['RS256', 'ES256'],
  });
  revision += 1;
  return {
    schema: CONFIG_SCHEMA_V1,
    revision,
    issuedAt: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    tenants: [tenant(ACME, 'acme'), tenant(GLOBEX, 'globex')],
    users: [
      {
        id: ALICE,
        tenantId: ACME,
        active: true,
        groups: [ENG],
        externalId: '00u-alice',
        userName: 'Alice@Acme.test',
      },
      {
        id: BOB,
        tenantId: ACME,
        active: overrides.bobActive ?? true,
        groups: [ENG],
        externalId: null,
        userName: 'bob@acme.test',
      },
      {
        id: CAROL,
        tenantId: GLOBEX,
        active: true,
        groups: [],
        externalId: null,
        userName: 'carol@globex.test',
      },
    ],
    groups: [
      { id: ENG, tenantId: ACME, displayName: 'Engineering' },
      { id: randomUUID(), tenantId: ACME, displayName: 'Design' },
    ],
    applications: [{ id: SVC, tenantId: ACME, name: 'svc', active: true, clientId: '0oa-svc-client' }],
    keys: [],
    grants: [
      { id: randomUUID(), tenantId: ACME, model: 'gpt-4o', subject: { kind: 'group', id: ENG } },
      { id: randomUUID(), tenantId: ACME, model: 'secure', subject: { kind: 'group', id: ENG } },
      { id: randomUUID(), tenantId: ACME, model: 'everyone', subject: { kind: 'tenant', id: ACME } },
      { id: randomUUID(), tenantId: ACME, model: '*', subject: { kind: 'application', id: SVC } },
      { id: randomUUID(), tenantId: GLOBEX, model: 'globex-model', subject: { kind: 'tenant', id: GLOBEX } },
    ],
    models: [
      model('gpt-4o', ACME),
      model('everyone', ACME),
      model('secure', ACME, [{ claim: 'amr', anyOf: ['mfa', 'hwk'] }]),
      model('globex-model', GLOBEX),
    ],
    providers: [],
    trustedIssuers: [issuer(ACME, issuerUrl()), issuer(GLOBEX, `${base}/oauth2/globex`)],
    signingKeys: [],
  };
}

function apply(overrides: Parameters<typeof bundle>[0] = {}): void {
  const result = store.apply(bundle(overrides));
  expect(result.status).toBe('applied');
}

async function token(
  claims: Record<string, unknown> = {},
  options: { key?: CryptoKey; alg?: string; kid?: string; iss?: string; aud?: string; ttl?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const alg = options.alg ?? 'RS256';
  return new SignJWT({ sub: '00u-alice', ...claims })
    .setProtectedHeader({ alg, kid: options.kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1') })
    .setIssuer(options.iss ?? issuerUrl())
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttl ?? 300))
    .sign(options.key ?? (alg === 'ES256' ? ec.privateKey : rsa.privateKey));
}

/** The models a bearer credential may call, or the gateway's refusal as status + code. */
async function models(
  credential: string,
): Promise<string[] | { status: number; code: string; message: string }> {
  try {
    const reply = await gateway.models({ authorization: `Bearer ${credential}` });
    return (JSON.parse(reply.body as string) as { data: { id: string }[] }).data.map((m) => m.id).sort();
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return { status: error.status, code: error.code, message: error.message };
  }
}

function unsigned(header: Record<string, unknown>, claims: Record<string, unknown>, signature = ''): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}.${signature}`;
}

beforeAll(async () => {
  rsa = await keyPair('RS256', 'rsa-1');
  ec = await keyPair('ES256', 'ec-1');
  stranger = await keyPair('RS256', 'rsa-1');
  jwks = createServer((req, res) => {
    if (req.url !== '/keys') {
      res.writeHead(404).end();
      return;
    }
    jwksRequests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [rsa.publicJwk, ec.publicJwk] }));
  });
  jwks.listen(0, '127.0.0.1');
  await once(jwks, 'listening');
  base = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
  store = new ConfigStore();
  verifier = new TokenVerifier({ allowedHosts: ['127.0.0.1'] });
  upstream = createUpstreamClient();
  const secrets = { fleetKeys: new Map<string, Buffer>(), apiKeyHashing: randomBytes(32) };
  gateway = new Gateway({ loaded: () => store.loaded(), secrets: () => secrets, upstream, tokens: verifier });
  apply();
});

afterAll(async () => {
  await verifier.close();
  await upstream.close();
  jwks.close();
});

describe('IdP access tokens', () => {
  it('let a directory user call what their directory groups are granted (RS256 and ES256)', async () => {
    expect(await models(await token())).toEqual(['everyone', 'gpt-4o']);
    expect(await models(await token({ sub: 'ALICE@acme.test' }, { alg: 'ES256' }))).toEqual([
      'everyone',
      'gpt-4o',
    ]);
    // Okta's uid, Entra's oid and upn find the same person.
    expect(await models(await token({ sub: 'x', uid: '00u-alice' }))).toEqual(['everyone', 'gpt-4o']);
    expect(await models(await token({ sub: 'x', upn: 'bob@acme.test' }))).toEqual(['everyone', 'gpt-4o']);
  });

  it('map client-credentials tokens to the application with that client id', async () => {
    // Granted every model, but "secure" demands MFA, which no client-credentials token has.
    expect(await models(await token({ sub: '0oa-svc-client' }))).toEqual(['everyone', 'gpt-4o']);
    expect(await models(await token({ sub: 'sp-object-id', idtyp: 'app', azp: '0oa-svc-client' }))).toEqual([
      'everyone',
      'gpt-4o',
    ]);
    expect(await models(await token({ sub: '0oa-svc-client', amr: ['hwk'] }))).toEqual([
      'everyone',
      'gpt-4o',
      'secure',
    ]);
    // A user token that merely came through that client is still the user's.
    expect(await models(await token({ cid: '0oa-svc-client' }))).toEqual(['everyone', 'gpt-4o']);
  });

  it('apply required claims: a model that demands MFA needs amr to say so', async () => {
    expect(await models(await token({ amr: ['pwd', 'mfa'] }))).toEqual(['everyone', 'gpt-4o', 'secure']);
    expect(await models(await token({ amr: ['pwd'] }))).toEqual(['everyone', 'gpt-4o']);
  });

  it.each([
    ['alg none', async () => unsigned({ alg: 'none', kid: 'rsa-1' }, claimsOf(await token())), 'algorithm'],
    [
      'HS256 signed with the RSA public key',
      async () => {
        const publicPem = createPublicKey({ key: rsa.publicJwk as never, format: 'jwk' }).export({
          type: 'spki',
          format: 'pem',
        });
        const header = { alg: 'HS256', kid: 'rsa-1' };
        const claims = claimsOf(await token());
        const input = unsigned(header, claims).slice(0, -1);
        const mac = createHmac('sha256', publicPem).update(input).digest('base64url');
        return `${input}.${mac}`;
      },
      'algorithm',
    ],
    ['a wrong issuer', () => token({}, { iss: `${base}/oauth2/elsewhere` }), 'issuer'],
    ['a wrong audience', () => token({}, { aud: 'api://something-else' }), 'aud'],
    ['an expired token', () => token({}, { ttl: -120 }), 'expired'],
    ['a token not valid yet', () => token({ nbf: Math.floor(Date.now() / 1000) + 600 }), 'not valid yet'],
    ['an unknown kid', () => token({}, { kid: 'rotated-away' }), 'does not publish'],
    ['a key the issuer never published', () => token({}, { key: stranger.privateKey }), 'signature'],
    [
      "another tenant's issuer",
      () => token({ sub: 'carol@globex.test' }, { iss: `${base}/oauth2/globex` }),
      null,
    ],
    ['an unknown person', () => token({ sub: 'mallory@acme.test' }), 'directory'],
    [
      'a token without exp',
      () =>
        new SignJWT({ sub: '00u-alice' })
          .setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' })
          .setIssuer(issuerUrl())
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .sign(rsa.privateKey),
      '"exp"',
    ],
  ])('refuse %s with 401', async (_label, make, words) => {
    const result = await models(await make());
    if (words === null) {
      // Carol is Globex's: her token works there and shows nothing of Acme.
      expect(result).toEqual(['globex-model']);
      return;
    }
    expect(result).toMatchObject({ status: 401, code: 'invalid_token' });
    expect((result as { message: string }).message).toContain(words);
  });

  it('refuse an unexpired token of a person deactivated by SCIM as soon as the config says so', async () => {
    const bobs = await token({ sub: 'bob@acme.test' });
    expect(await models(bobs)).toEqual(['everyone', 'gpt-4o']);
    apply({ bobActive: false });
    expect(await models(bobs)).toMatchObject({ status: 401, code: 'principal_inactive' });
    apply();
  });

  it('take groups from the token when the tenant says so, and admit unknown people with JIT', async () => {
    apply({ groupsSource: 'token' });
    expect(await models(await token({ groups: ['Design'] }))).toEqual(['everyone']);
    expect(await models(await token({ groups: ['engineering'] }))).toEqual(['everyone', 'gpt-4o']);
    apply({ groupsSource: 'both', jit: true });
    expect(await models(await token({ sub: 'new@acme.test', groups: ['Engineering'] }))).toEqual([
      'everyone',
      'gpt-4o',
    ]);
    expect(await models(await token({ sub: 'new@acme.test' }))).toEqual(['everyone']);
    apply();
  });

  it('fetch the JWKS once and again only for a kid it does not know, at most every 30 s', async () => {
    const before = jwksRequests;
    for (let i = 0; i < 5; i += 1) await models(await token());
    await models(await token({}, { kid: 'unknown-1' }));
    await models(await token({}, { kid: 'unknown-2' }));
    expect(jwksRequests - before).toBeLessThanOrEqual(1);
  });

  it('answer 503 when the JWKS cannot be fetched: a private address needs the operator’s consent', async () => {
    const guarded = new TokenVerifier();
    const strict = new Gateway({
      loaded: () => store.loaded(),
      secrets: () => ({ fleetKeys: new Map<string, Buffer>(), apiKeyHashing: randomBytes(32) }),
      upstream,
      tokens: guarded,
    });
    try {
      await expect(strict.models({ authorization: `Bearer ${await token()}` })).rejects.toMatchObject({
        status: 503,
        code: 'token_keys_unavailable',
      });
    } finally {
      await guarded.close();
    }
  });

  it('refuse oversized and non-token credentials without verifying anything', async () => {
    expect(await models(`${'a'.repeat(9_000)}.b.c`)).toMatchObject({ status: 401, code: 'invalid_token' });
    expect(await models('not-a-key-or-token')).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });
});

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
