import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { sql } from '../support/database.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';

/**
 * Walks every admin route with callers of each role, of another tenant, and of no role, so that a
 * route added without the right role declaration or tenant scoping fails here. The completeness
 * check compares the table with the OpenAPI document.
 */

type Caller = 'nobodyA' | 'developerA' | 'auditorA' | 'ownerB' | 'ownerA';
// The allowed caller goes last, so destructive calls by it do not change what the others see.
const CALLERS: Caller[] = ['nobodyA', 'developerA', 'auditorA', 'ownerB', 'ownerA'];

interface Fixture {
  tenant: TestTenant;
  userId: string;
  groupId: string;
  bindingId: string;
  tokenId: string;
  auditEventId: string;
  providerId: string;
  scimTokenId: string;
  catalogProviderId: string;
  modelId: string;
  modelAlias: string;
  applicationId: string;
  tokenIssuerId: string;
  apiKeyId: string;
  grantId: string;
  enrollmentTokenId: string;
  nodeId: string;
  usageEventId: string;
}

interface RouteCase {
  route: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  expect: Record<Caller, number>;
  /** For lists the outsider may call: the fixture's objects must not be in what it sees. */
  hides?: (f: Fixture) => string;
}

const unique = (): string => randomBytes(3).toString('hex');
const OWNER_ONLY_WRITE = { nobodyA: 403, developerA: 403, auditorA: 403, ownerB: 404, ownerA: 200 };
const OWNER_AUDITOR_READ = { nobodyA: 403, developerA: 403, auditorA: 200, ownerB: 404, ownerA: 200 };
const LIST = { nobodyA: 403, developerA: 403, auditorA: 200, ownerB: 200, ownerA: 200 };
const CREATE_IN_A = { nobodyA: 403, developerA: 403, auditorA: 403, ownerB: 400, ownerA: 201 };
const PLATFORM_ONLY = { nobodyA: 403, developerA: 403, auditorA: 403, ownerB: 403, ownerA: 403 };

const CASES: RouteCase[] = [
  {
    route: 'GET /api/v1/config-revision',
    path: () => '/api/v1/config-revision',
    expect: { nobodyA: 403, developerA: 403, auditorA: 200, ownerB: 200, ownerA: 200 },
  },
  {
    route: 'GET /api/v1/config-changes',
    path: () => '/api/v1/config-changes?since=0&limit=500',
    expect: LIST,
    hides: (f) => f.userId,
  },
  {
    route: 'GET /api/v1/identity-providers',
    path: () => '/api/v1/identity-providers',
    expect: { nobodyA: 403, developerA: 403, auditorA: 403, ownerB: 200, ownerA: 200 },
    hides: (f) => f.providerId,
  },
  {
    route: 'GET /api/v1/identity-providers/{id}',
    path: (f) => `/api/v1/identity-providers/${f.providerId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'POST /api/v1/identity-providers',
    path: () => '/api/v1/identity-providers',
    body: (f) => ({
      tenantId: f.tenant.id,
      issuer: 'https://idp.example.com',
      clientId: 'c',
      clientSecret: 's',
    }),
    // A tenant trusts one issuer, and the fixture's already exists: the owner gets past
    // authorization and meets the conflict.
    expect: { ...CREATE_IN_A, ownerA: 409 },
  },
  {
    route: 'PUT /api/v1/identity-providers/{id}',
    path: (f) => `/api/v1/identity-providers/${f.providerId}`,
    body: () => ({ clientId: 'renamed-client' }),
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'DELETE /api/v1/identity-providers/{id}',
    path: (f) => `/api/v1/identity-providers/${f.providerId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'GET /api/v1/providers',
    path: () => '/api/v1/providers',
    expect: LIST,
    hides: (f) => f.catalogProviderId,
  },
  {
    route: 'GET /api/v1/providers/{id}',
    path: (f) => `/api/v1/providers/${f.catalogProviderId}`,
    expect: OWNER_AUDITOR_READ,
  },
  {
    route: 'POST /api/v1/providers',
    path: () => '/api/v1/providers',
    body: (f) => ({
      tenantId: f.tenant.id,
      name: `p-${unique()}`,
      type: 'openai',
      baseUrl: 'https://203.0.113.10/v1',
    }),
    expect: CREATE_IN_A,
  },
  {
    route: 'PUT /api/v1/providers/{id}',
    path: (f) => `/api/v1/providers/${f.catalogProviderId}`,
    body: () => ({ name: 'renamed' }),
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'DELETE /api/v1/providers/{id}',
    path: (f) => `/api/v1/providers/${f.catalogProviderId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'GET /api/v1/models',
    path: () => '/api/v1/models',
    expect: { ...LIST, developerA: 200 },
    hides: (f) => f.modelId,
  },
  {
    route: 'GET /api/v1/models/{id}',
    path: (f) => `/api/v1/models/${f.modelId}`,
    expect: { ...OWNER_AUDITOR_READ, developerA: 200 },
  },
  {
    route: 'POST /api/v1/models',
    path: () => '/api/v1/models',
    body: (f) => ({ tenantId: f.tenant.id, alias: `m-${unique()}` }),
    expect: CREATE_IN_A,
  },
  {
    route: 'PUT /api/v1/models/{id}',
    path: (f) => `/api/v1/models/${f.modelId}`,
    body: () => ({ description: 'renamed' }),
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'DELETE /api/v1/models/{id}',
    path: (f) => `/api/v1/models/${f.modelId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'GET /api/v1/audit',
    path: () => `/api/v1/audit?range=${encodeURIComponent('[0,499]')}`,
    expect: LIST,
    hides: (f) => f.userId,
  },
  {
    route: 'GET /api/v1/audit/export',
    path: () => '/api/v1/audit/export',
    expect: LIST,
    hides: (f) => f.userId,
  },
  {
    route: 'GET /api/v1/audit/{id}',
    path: (f) => `/api/v1/audit/${f.auditEventId}`,
    expect: OWNER_AUDITOR_READ,
  },
  { route: 'POST /api/v1/audit/verify', path: () => '/api/v1/audit/verify', expect: PLATFORM_ONLY },
  { route: 'GET /api/v1/me', path: () => '/api/v1/me', expect: { ...LIST, developerA: 200, nobodyA: 403 } },
  {
    route: 'GET /api/v1/tenants',
    path: () => '/api/v1/tenants',
    expect: { ...LIST, developerA: 200 },
    hides: (f) => f.tenant.id,
  },
  {
    route: 'GET /api/v1/tenants/{id}',
    path: (f) => `/api/v1/tenants/${f.tenant.id}`,
    expect: { ...OWNER_AUDITOR_READ, developerA: 200 },
  },
  {
    route: 'POST /api/v1/tenants',
    path: () => '/api/v1/tenants',
    body: () => ({ slug: `nope-${unique()}`, name: 'Nope' }),
    expect: PLATFORM_ONLY,
  },
  {
    route: 'PUT /api/v1/tenants/{id}',
    path: (f) => `/api/v1/tenants/${f.tenant.id}`,
    body: () => ({ settings: { jitProvisioning: true } }),
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'DELETE /api/v1/tenants/{id}',
    path: (f) => `/api/v1/tenants/${f.tenant.id}`,
    expect: PLATFORM_ONLY,
  },
  { route: 'GET /api/v1/users', path: () => '/api/v1/users', expect: LIST, hides: (f) => f.userId },
  { route: 'GET /api/v1/users/{id}', path: (f) => `/api/v1/users/${f.userId}`, expect: OWNER_AUDITOR_READ },
  {
    route: 'POST /api/v1/users',
    path: () => '/api/v1/users',
    body: (f) => ({ tenantId: f.tenant.id, userName: `new-${unique()}` }),
    expect: CREATE_IN_A,
  },
  {
    route: 'PUT /api/v1/users/{id}',
    path: (f) => `/api/v1/users/${f.userId}`,
    body: () => ({ displayName: 'Renamed' }),
    expect: OWNER_ONLY_WRITE,
  },
  { route: 'DELETE /api/v1/users/{id}', path: (f) => `/api/v1/users/${f.userId}`, expect: OWNER_ONLY_WRITE },
  { route: 'GET /api/v1/groups', path: () => '/api/v1/groups', expect: LIST, hides: (f) => f.groupId },
  {
    route: 'GET /api/v1/groups/{id}',
    path: (f) => `/api/v1/groups/${f.groupId}`,
    expect: OWNER_AUDITOR_READ,
  },
  {
    route: 'POST /api/v1/groups',
    path: () => '/api/v1/groups',
    body: (f) => ({ tenantId: f.tenant.id, displayName: `group-${unique()}` }),
    expect: CREATE_IN_A,
  },
  {
    route: 'PUT /api/v1/groups/{id}',
    path: (f) => `/api/v1/groups/${f.groupId}`,
    body: (f) => ({ memberIds: [f.userId] }),
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'DELETE /api/v1/groups/{id}',
    path: (f) => `/api/v1/groups/${f.groupId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'GET /api/v1/role-bindings',
    path: () => '/api/v1/role-bindings',
    expect: LIST,
    hides: (f) => f.bindingId,
  },
  {
    route: 'GET /api/v1/role-bindings/{id}',
    path: (f) => `/api/v1/role-bindings/${f.bindingId}`,
    expect: OWNER_AUDITOR_READ,
  },
  {
    route: 'POST /api/v1/role-bindings',
    path: () => '/api/v1/role-bindings',
    body: (f) => ({ tenantId: f.tenant.id, role: 'auditor', subjectType: 'group', subjectId: f.groupId }),
    expect: CREATE_IN_A,
  },
  {
    route: 'DELETE /api/v1/role-bindings/{id}',
    path: (f) => `/api/v1/role-bindings/${f.bindingId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'GET /api/v1/personal-access-tokens',
    path: () => '/api/v1/personal-access-tokens',
    expect: { nobodyA: 403, developerA: 200, auditorA: 200, ownerB: 200, ownerA: 200 },
    hides: (f) => f.tokenId,
  },
  {
    route: 'POST /api/v1/personal-access-tokens',
    path: () => '/api/v1/personal-access-tokens',
    body: () => ({ name: 'automation', expiresInDays: 7 }),
    expect: { nobodyA: 403, developerA: 201, auditorA: 201, ownerB: 201, ownerA: 201 },
  },
  {
    route: 'DELETE /api/v1/personal-access-tokens/{id}',
    path: (f) => `/api/v1/personal-access-tokens/${f.tokenId}`,
    expect: { nobodyA: 403, developerA: 404, auditorA: 404, ownerB: 404, ownerA: 200 },
  },
  {
    route: 'GET /api/v1/scim-tokens',
    path: () => '/api/v1/scim-tokens',
    expect: { nobodyA: 403, developerA: 403, auditorA: 403, ownerB: 200, ownerA: 200 },
    hides: (f) => f.scimTokenId,
  },
  {
    route: 'GET /api/v1/scim-tokens/{id}',
    path: (f) => `/api/v1/scim-tokens/${f.scimTokenId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'POST /api/v1/scim-tokens',
    path: () => '/api/v1/scim-tokens',
    body: (f) => ({ tenantId: f.tenant.id, name: `scim-${unique()}` }),
    expect: CREATE_IN_A,
  },
  {
    route: 'DELETE /api/v1/scim-tokens/{id}',
    path: (f) => `/api/v1/scim-tokens/${f.scimTokenId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'GET /api/v1/apps',
    path: () => '/api/v1/apps',
    expect: LIST,
    hides: (f) => f.applicationId,
  },
  {
    route: 'GET /api/v1/apps/{id}',
    path: (f) => `/api/v1/apps/${f.applicationId}`,
    expect: OWNER_AUDITOR_READ,
  },
  {
    route: 'POST /api/v1/apps',
    path: () => '/api/v1/apps',
    body: (f) => ({ tenantId: f.tenant.id, name: `app-${unique()}` }),
    expect: CREATE_IN_A,
  },
  {
    route: 'PUT /api/v1/apps/{id}',
    path: (f) => `/api/v1/apps/${f.applicationId}`,
    body: () => ({ description: 'renamed' }),
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'DELETE /api/v1/apps/{id}',
    path: (f) => `/api/v1/apps/${f.applicationId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'GET /api/v1/token-issuers',
    path: () => '/api/v1/token-issuers',
    expect: LIST,
    hides: (f) => f.tokenIssuerId,
  },
  {
    route: 'GET /api/v1/token-issuers/{id}',
    path: (f) => `/api/v1/token-issuers/${f.tokenIssuerId}`,
    expect: OWNER_AUDITOR_READ,
  },
  {
    route: 'POST /api/v1/token-issuers',
    path: () => '/api/v1/token-issuers',
    body: (f) => ({
      tenantId: f.tenant.id,
      issuer: `https://idp-${unique()}.example.com/oauth2/default`,
      audience: ['api://portcullis'],
      jwksUri: 'https://203.0.113.10/keys',
    }),
    expect: CREATE_IN_A,
  },
  {
    route: 'PUT /api/v1/token-issuers/{id}',
    path: (f) => `/api/v1/token-issuers/${f.tokenIssuerId}`,
    body: () => ({ groupsClaim: 'groups' }),
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'DELETE /api/v1/token-issuers/{id}',
    path: (f) => `/api/v1/token-issuers/${f.tokenIssuerId}`,
    expect: OWNER_ONLY_WRITE,
  },
  {
    route: 'GET /api/v1/keys',
    path: () => '/api/v1/keys',
    // Everyone with a role lists keys: their own, plus every key of tenants they own or audit.
    expect: { ...LIST, developerA: 200 },
    hides: (f) => f.apiKeyId,
  },
  {
    route: 'GET /api/v1/keys/{id}',
    path: (f) => `/api/v1/keys/${f.apiKeyId}`,
    expect: { ...OWNER_AUDITOR_READ, developerA: 404 },
  },
  {
    route: 'POST /api/v1/keys',
    path: () => '/api/v1/keys',
    body: (f) => ({ name: `key-${unique()}`, owner: { kind: 'application', id: f.applicationId } }),
    // Past the role check, only an owner of the application's tenant may name it as owner.
    expect: { ...CREATE_IN_A, developerA: 400, auditorA: 400 },
  },
  {
    route: 'DELETE /api/v1/keys/{id}',
    path: (f) => `/api/v1/keys/${f.apiKeyId}`,
    expect: { ...OWNER_ONLY_WRITE, developerA: 404 },
  },
  {
    route: 'GET /api/v1/grants',
    path: () => '/api/v1/grants',
    expect: LIST,
    hides: (f) => f.grantId,
  },
  {
    route: 'GET /api/v1/grants/{id}',
    path: (f) => `/api/v1/grants/${f.grantId}`,
    expect: OWNER_AUDITOR_READ,
  },
  {
    route: 'POST /api/v1/grants',
    path: () => '/api/v1/grants',
    body: (f) => ({ tenantId: f.tenant.id, model: '*', subject: { kind: 'group', id: f.groupId } }),
    expect: CREATE_IN_A,
  },
  {
    route: 'DELETE /api/v1/grants/{id}',
    path: (f) => `/api/v1/grants/${f.grantId}`,
    expect: OWNER_ONLY_WRITE,
  },
  // Enrollment tokens and nodes are platform-level: no tenant role reaches them (a tenant's auditor
  // passes the route's role check for reads and is refused by the service).
  {
    route: 'GET /api/v1/enrollment-tokens',
    path: () => '/api/v1/enrollment-tokens',
    expect: PLATFORM_ONLY,
  },
  {
    route: 'GET /api/v1/enrollment-tokens/{id}',
    path: (f) => `/api/v1/enrollment-tokens/${f.enrollmentTokenId}`,
    expect: PLATFORM_ONLY,
  },
  {
    route: 'POST /api/v1/enrollment-tokens',
    path: () => '/api/v1/enrollment-tokens',
    body: () => ({ name: `node-${unique()}` }),
    expect: PLATFORM_ONLY,
  },
  {
    route: 'DELETE /api/v1/enrollment-tokens/{id}',
    path: (f) => `/api/v1/enrollment-tokens/${f.enrollmentTokenId}`,
    expect: PLATFORM_ONLY,
  },
  { route: 'GET /api/v1/nodes', path: () => '/api/v1/nodes', expect: PLATFORM_ONLY },
  { route: 'GET /api/v1/nodes/rollout', path: () => '/api/v1/nodes/rollout', expect: PLATFORM_ONLY },
  { route: 'GET /api/v1/nodes/{id}', path: (f) => `/api/v1/nodes/${f.nodeId}`, expect: PLATFORM_ONLY },
  { route: 'DELETE /api/v1/nodes/{id}', path: (f) => `/api/v1/nodes/${f.nodeId}`, expect: PLATFORM_ONLY },
  {
    route: 'POST /api/v1/access/explain',
    path: () => '/api/v1/access/explain',
    body: (f) => ({ subject: { kind: 'application', id: f.applicationId }, model: f.modelAlias }),
    // Developers may ask about themselves and their own keys only.
    expect: { ...OWNER_AUDITOR_READ, developerA: 404 },
  },
  // Usage: owners and auditors read their tenant's events, developers only their own calls (none
  // here), and another tenant's owner finds nothing.
  {
    route: 'GET /api/v1/usage',
    path: (f) => `/api/v1/usage?filter=${encodeURIComponent(JSON.stringify({ tenantId: f.tenant.id }))}`,
    expect: { ...LIST, developerA: 200 },
    hides: (f) => f.usageEventId,
  },
  {
    route: 'GET /api/v1/usage/summary',
    path: (f) => `/api/v1/usage/summary?tenantId=${f.tenant.id}&groupBy=key`,
    expect: { ...LIST, developerA: 200 },
    hides: (f) => f.apiKeyId,
  },
  {
    route: 'GET /api/v1/signing-keys',
    path: () => '/api/v1/signing-keys',
    expect: PLATFORM_ONLY,
  },
  {
    route: 'POST /api/v1/signing-keys/rotate',
    path: () => '/api/v1/signing-keys/rotate',
    expect: PLATFORM_ONLY,
  },
  {
    route: 'POST /api/v1/signing-keys/promote',
    path: () => '/api/v1/signing-keys/promote',
    expect: PLATFORM_ONLY,
  },
];

let cp: TestControlPlane;
let tenantA: TestTenant;
let people: Record<Caller, TestPerson>;

beforeAll(async () => {
  cp = await startTestControlPlane();
  tenantA = await createTenant(cp, 'authz-a');
  const tenantB = await createTenant(cp, 'authz-b');
  people = {
    nobodyA: await createPerson(cp, tenantA, 'nobody'),
    developerA: await createPerson(cp, tenantA, 'developer', 'developer'),
    auditorA: await createPerson(cp, tenantA, 'auditor', 'auditor'),
    ownerA: await createPerson(cp, tenantA, 'owner', 'tenant-owner'),
    ownerB: await createPerson(cp, tenantB, 'owner', 'tenant-owner'),
  };
});

afterAll(async () => {
  await cp.close();
});

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Fresh objects in tenant A for each route, so destructive cases do not interfere. */
async function fixture(): Promise<Fixture> {
  const admin = (path: string, body: unknown) => cp.request(path, { method: 'POST', json: body });
  const user = await json<{ id: string }>(
    await admin('/api/v1/users', { tenantId: tenantA.id, userName: `fixture-${unique()}` }),
  );
  const group = await json<{ id: string }>(
    await admin('/api/v1/groups', {
      tenantId: tenantA.id,
      displayName: `fixture-${unique()}`,
      memberIds: [user.id],
    }),
  );
  const binding = await json<{ id: string }>(
    await admin('/api/v1/role-bindings', {
      tenantId: tenantA.id,
      role: 'developer',
      subjectType: 'user',
      subjectId: user.id,
    }),
  );
  const token = await json<{ id: string }>(
    await cp.request('/api/v1/personal-access-tokens', {
      method: 'POST',
      token: people.ownerA.token,
      json: { name: `fixture-${unique()}` },
    }),
  );
  const scimToken = await json<{ id: string }>(
    await admin('/api/v1/scim-tokens', { tenantId: tenantA.id, name: `fixture-${unique()}` }),
  );
  // A tenant trusts one issuer: reuse tenant A's provider unless a DELETE case removed it.
  const providerFilter = encodeURIComponent(JSON.stringify({ tenantId: tenantA.id }));
  const [existing] = await json<{ id: string }[]>(
    await cp.request(`/api/v1/identity-providers?filter=${providerFilter}`),
  );
  const provider =
    existing ??
    (await json<{ id: string }>(
      await admin('/api/v1/identity-providers', {
        tenantId: tenantA.id,
        issuer: 'https://idp.example.com/oauth2/default',
        clientId: 'portcullis',
        clientSecret: 'fixture-secret',
      }),
    ));
  const catalogProvider = await json<{ id: string }>(
    await admin('/api/v1/providers', {
      tenantId: tenantA.id,
      name: `fixture-${unique()}`,
      type: 'openai',
      baseUrl: 'https://203.0.113.10/v1',
      credentials: { apiKey: 'fixture-provider-key' },
    }),
  );
  const model = await json<{ id: string; alias: string }>(
    await admin('/api/v1/models', {
      tenantId: tenantA.id,
      alias: `fixture-${unique()}`,
    }),
  );
  const application = await json<{ id: string }>(
    await admin('/api/v1/apps', { tenantId: tenantA.id, name: `fixture-${unique()}` }),
  );
  const tokenIssuer = await json<{ id: string }>(
    await admin('/api/v1/token-issuers', {
      tenantId: tenantA.id,
      issuer: `https://idp-${unique()}.example.com/oauth2/default`,
      audience: ['api://portcullis'],
      jwksUri: 'https://203.0.113.10/keys',
    }),
  );
  const apiKey = await json<{ id: string }>(
    await admin('/api/v1/keys', {
      name: `fixture-${unique()}`,
      owner: { kind: 'application', id: application.id },
    }),
  );
  const grant = await json<{ id: string }>(
    await admin('/api/v1/grants', {
      tenantId: tenantA.id,
      model: model.alias,
      subject: { kind: 'application', id: application.id },
    }),
  );
  const enrollmentToken = await json<{ id: string }>(
    await admin('/api/v1/enrollment-tokens', { name: `fixture-${unique()}` }),
  );
  // Enrollment needs a node's keys and the publisher: a node row is enough here.
  const [node] = await sql<{ id: string }[]>(
    cp,
    `INSERT INTO dataplane_nodes (name, version, signing_key, encryption_key)
     VALUES ($1, '0.1.0', $2, $3) RETURNING id`,
    [
      `fixture-${unique()}`,
      JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) }),
      JSON.stringify({ kty: 'OKP', crv: 'X25519', x: 'A'.repeat(43) }),
    ],
  );
  // A call the node reported, made with the fixture's key.
  const [usageEvent] = await sql<{ id: string }[]>(
    cp,
    `INSERT INTO usage_events (id, request_id, occurred_at, received_at, node_id, tenant_id, principal_kind,
                               principal_id, key_id, route, model, stream, status, latency_ms, attempts,
                               cache_hit, redactions)
     VALUES (gen_random_uuid(), 'fixture', now(), now(), $1, $2, 'application', $3, $4, 'chat.completions',
             $5, false, 200, 12.5, 1, false, '{}')
     RETURNING id`,
    [node?.id, tenantA.id, application.id, apiKey.id, model.alias],
  );
  const filter = encodeURIComponent(JSON.stringify({ action: 'user.create', targetId: user.id }));
  const [event] = await json<{ id: string }[]>(await cp.request(`/api/v1/audit?filter=${filter}`));
  return {
    tenant: tenantA,
    userId: user.id,
    groupId: group.id,
    bindingId: binding.id,
    tokenId: token.id,
    auditEventId: event?.id ?? '',
    scimTokenId: scimToken.id,
    providerId: provider.id,
    catalogProviderId: catalogProvider.id,
    modelId: model.id,
    modelAlias: model.alias,
    applicationId: application.id,
    tokenIssuerId: tokenIssuer.id,
    apiKeyId: apiKey.id,
    grantId: grant.id,
    enrollmentTokenId: enrollmentToken.id,
    nodeId: node?.id ?? '',
    usageEventId: usageEvent?.id ?? '',
  };
}

describe('authorization of every admin route', () => {
  it.each(CASES.map((c) => [c.route, c] as const))('%s', async (_route, routeCase) => {
    const f = await fixture();
    const method = routeCase.route.split(' ')[0] ?? 'GET';
    for (const caller of CALLERS) {
      const response = await cp.request(routeCase.path(f), {
        method,
        token: people[caller].token,
        ...(routeCase.body ? { json: routeCase.body(f) } : {}),
      });
      const body = await response.text();
      expect(response.status, `${caller} → ${routeCase.route}: ${body}`).toBe(routeCase.expect[caller]);
      if (routeCase.hides && caller === 'ownerB' && response.status === 200) {
        expect(body, `ownerB must not see tenant A's object in ${routeCase.route}`).not.toContain(
          routeCase.hides(f),
        );
      }
    }
  });

  it('covers every admin route of the OpenAPI document', async () => {
    const spec = await json<{ paths: Record<string, Record<string, unknown>> }>(
      await cp.request('/api/docs/openapi.json', { token: null }),
    );
    const documented = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const covered = new Set(CASES.map((c) => c.route));
    expect(documented.filter((route) => !covered.has(route))).toEqual([]);
  });
});

describe('personal access tokens', () => {
  it('act with the owner’s current roles and stop at revocation or deactivation', async () => {
    const owner = people.ownerA;
    const created = await json<{ id: string; token: string; prefix: string }>(
      await cp.request('/api/v1/personal-access-tokens', {
        method: 'POST',
        token: owner.token,
        json: { name: 'ci' },
      }),
    );
    expect(created.token).toMatch(/^pat_[0-9A-Za-z]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);

    const listed = await cp.request('/api/v1/personal-access-tokens', { token: owner.token });
    expect(await listed.text()).not.toContain(created.token);

    const me = await json<{ tenants: { id: string; roles: string[] }[] }>(
      await cp.request('/api/v1/me', { token: created.token }),
    );
    expect(me.tenants).toEqual([expect.objectContaining({ id: tenantA.id, roles: ['tenant-owner'] })]);

    await cp.request(`/api/v1/personal-access-tokens/${created.id}`, {
      method: 'DELETE',
      token: owner.token,
    });
    expect((await cp.request('/api/v1/me', { token: created.token })).status).toBe(401);
  });

  it('stop working when their owner is deactivated', async () => {
    const person = await createPerson(cp, tenantA, 'leaver', 'developer');
    expect((await cp.request('/api/v1/me', { token: person.token })).status).toBe(200);
    await cp.request(`/api/v1/users/${person.userId}`, { method: 'PUT', json: { active: false } });
    expect((await cp.request('/api/v1/me', { token: person.token })).status).toBe(401);
  });

  it('cannot be created by the admin token, which has no person behind it', async () => {
    const response = await cp.request('/api/v1/personal-access-tokens', {
      method: 'POST',
      json: { name: 'x' },
    });
    expect(response.status).toBe(403);
  });
});
