import { randomBytes } from 'node:crypto';
import { verifyJson } from '@portcullis/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigPublisherReader } from '../../src/modules/config-publisher/config-publisher.reader.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { sql } from '../support/database.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';

/**
 * Token issuers (decision 0011): the IdPs whose access tokens a tenant's callers may present at
 * the data plane, the claims models require of such tokens, and where token callers' groups come
 * from — all validated, audited, and carried to nodes in the config bundle.
 */

interface IssuerBody {
  id: string;
  tenantId: string;
  issuer: string;
  audience: string[];
  jwksUri: string;
  groupsClaim: string | null;
  requiredClaims: { claim: string; anyOf: string[] }[];
  algorithms: string[];
}

interface ErrorBody {
  error: { code: string; fields?: { field: string; message: string }[] };
}

interface Bundle {
  kind: 'snapshot' | 'delta';
  revision: number;
  trustedIssuers?: { id: string }[];
  models?: { alias: string; requiredClaims: unknown }[];
  tenants?: { id: string; settings: { groupsSource: string } }[];
  upserts?: { trustedIssuers?: { id: string; groupsClaim: string | null }[] };
  deletes?: { trustedIssuers?: string[] };
}

let cp: TestControlPlane;
let publisher: ConfigPublisherReader;
let acme: TestTenant;
let owner: TestPerson;

const unique = (): string => randomBytes(3).toString('hex');

const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  tenantId: acme.id,
  issuer: `https://acme-${unique()}.okta.com/oauth2/default`,
  audience: ['api://portcullis'],
  jwksUri: 'https://203.0.113.10/oauth2/default/v1/keys',
  ...overrides,
});

async function call<T>(
  method: string,
  path: string,
  json?: unknown,
  token = owner.token,
): Promise<[number, T]> {
  const response = await cp.request(path, { method, token, ...(json === undefined ? {} : { json }) });
  return [response.status, (await response.json()) as T];
}

async function bundle(since: number): Promise<Bundle> {
  const signed = await publisher.signedBundle(since);
  return (await verifyJson(signed.jws.toString('latin1'), await publisher.trustedKeys())).payload as Bundle;
}

beforeAll(async () => {
  cp = await startTestControlPlane();
  publisher = cp.app.get(ConfigPublisherReader);
  acme = await createTenant(cp, 'issuers');
  owner = await createPerson(cp, acme, 'owner', 'tenant-owner');
});

afterAll(async () => {
  await cp.close();
});

describe('token issuers', () => {
  it('are created, read, changed and deleted by a tenant owner, audited, with defaults filled in', async () => {
    const [created, body] = await call<IssuerBody>(
      'POST',
      '/api/v1/token-issuers',
      valid({ groupsClaim: 'groups' }),
    );
    expect(created).toBe(201);
    expect(body).toMatchObject({
      tenantId: acme.id,
      audience: ['api://portcullis'],
      groupsClaim: 'groups',
      requiredClaims: [],
      algorithms: ['RS256', 'ES256'],
    });

    const [, listed] = await call<IssuerBody[]>(
      'GET',
      `/api/v1/token-issuers?filter=${encodeURIComponent(JSON.stringify({ tenantId: acme.id }))}`,
    );
    expect(listed.map((issuer) => issuer.id)).toContain(body.id);

    const [updated, changed] = await call<IssuerBody>('PUT', `/api/v1/token-issuers/${body.id}`, {
      requiredClaims: [{ claim: 'amr', anyOf: ['mfa', 'hwk', 'mfa'] }],
      algorithms: ['ES256'],
    });
    expect(updated).toBe(200);
    expect(changed).toMatchObject({
      requiredClaims: [{ claim: 'amr', anyOf: ['mfa', 'hwk'] }],
      algorithms: ['ES256'],
    });

    const [deleted] = await call('DELETE', `/api/v1/token-issuers/${body.id}`);
    expect(deleted).toBe(200);
    expect((await call('GET', `/api/v1/token-issuers/${body.id}`))[0]).toBe(404);

    const actions = await sql<{ action: string }[]>(
      cp,
      `SELECT action FROM audit_events WHERE target_id = $1 ORDER BY seq`,
      [body.id],
    );
    expect(actions.map((row) => row.action)).toEqual([
      'token-issuer.create',
      'token-issuer.update',
      'token-issuer.delete',
    ]);
  });

  it.each([
    ['an issuer that is no URL', { issuer: 'acme' }, 'issuer'],
    ['plain http', { issuer: 'http://idp.acme.test/oauth2/default' }, 'issuer'],
    ["Okta's org authorization server", { issuer: 'https://acme.okta.com' }, 'issuer'],
    ['no audience', { audience: [] }, 'audience'],
    ['a JWKS on a private address', { jwksUri: 'https://10.0.0.5/keys' }, 'jwksUri'],
    ['a JWKS on the metadata address', { jwksUri: 'https://169.254.169.254/keys' }, 'jwksUri'],
    ['a JWKS with credentials in it', { jwksUri: 'https://user:pass@203.0.113.10/keys' }, 'jwksUri'],
    ['alg none', { algorithms: ['none'] }, 'algorithms'],
    ['an HMAC algorithm', { algorithms: ['HS256'] }, 'algorithms'],
    [
      'a required claim without values',
      { requiredClaims: [{ claim: 'amr', anyOf: [] }] },
      'requiredClaims.0.anyOf',
    ],
  ])('refuse %s, naming the field, and change nothing', async (_label, patch, field) => {
    const before = await sql<{ n: string }[]>(cp, 'SELECT count(*)::text AS n FROM token_issuers');
    const [status, body] = await call<ErrorBody>('POST', '/api/v1/token-issuers', valid(patch));
    expect(status).toBe(400);
    expect(body.error.fields?.map((problem) => problem.field)).toContain(field);
    expect(await sql<{ n: string }[]>(cp, 'SELECT count(*)::text AS n FROM token_issuers')).toEqual(before);
  });

  it('refuse the same issuer twice in a tenant with 409', async () => {
    const input = valid();
    expect((await call('POST', '/api/v1/token-issuers', input))[0]).toBe(201);
    const [status, body] = await call<ErrorBody>('POST', '/api/v1/token-issuers', input);
    expect(status).toBe(409);
    expect(body.error.fields?.[0]?.field).toBe('issuer');
  });

  it('reach data-plane nodes in the config bundle: snapshot, delta, deletion', async () => {
    const before = (await bundle(0)).revision;
    const [, issuer] = await call<IssuerBody>('POST', '/api/v1/token-issuers', valid());
    const snapshot = await bundle(0);
    expect(snapshot.trustedIssuers?.map((entry) => entry.id)).toContain(issuer.id);

    await call('PUT', `/api/v1/token-issuers/${issuer.id}`, { groupsClaim: 'roles' });
    const delta = await bundle(before);
    expect(delta.kind).toBe('delta');
    expect(delta.upserts?.trustedIssuers?.find((entry) => entry.id === issuer.id)?.groupsClaim).toBe('roles');

    const mid = (await bundle(0)).revision;
    await call('DELETE', `/api/v1/token-issuers/${issuer.id}`);
    expect((await bundle(mid)).deletes?.trustedIssuers).toContain(issuer.id);
  });
});

describe('claims required by models, and where token callers’ groups come from', () => {
  it('a model keeps the claims it requires and carries them to nodes', async () => {
    const alias = `mfa-${unique()}`;
    const [status, model] = await call<{ requiredClaims: unknown }>('POST', '/api/v1/models', {
      tenantId: acme.id,
      alias,
      requiredClaims: [{ claim: 'amr', anyOf: ['mfa'] }],
    });
    expect(status).toBe(201);
    expect(model.requiredClaims).toEqual([{ claim: 'amr', anyOf: ['mfa'] }]);
    const carried = (await bundle(0)).models?.find((entry) => entry.alias === alias);
    expect(carried?.requiredClaims).toEqual([{ claim: 'amr', anyOf: ['mfa'] }]);

    const [refused, body] = await call<ErrorBody>('POST', '/api/v1/models', {
      tenantId: acme.id,
      alias: `bad-${unique()}`,
      requiredClaims: [{ anyOf: ['mfa'] }],
    });
    expect(refused).toBe(400);
    expect(body.error.fields?.map((problem) => problem.field)).toContain('requiredClaims.0.claim');
  });

  it('a tenant says where token callers’ groups come from, and nodes learn it', async () => {
    const [status, tenant] = await call<{ settings: { groupsSource: string } }>(
      'PUT',
      `/api/v1/tenants/${acme.id}`,
      {
        settings: { groupsSource: 'both' },
      },
    );
    expect(status).toBe(200);
    expect(tenant.settings.groupsSource).toBe('both');
    expect((await bundle(0)).tenants?.find((entry) => entry.id === acme.id)?.settings.groupsSource).toBe(
      'both',
    );

    const [refused, body] = await call<ErrorBody>('PUT', `/api/v1/tenants/${acme.id}`, {
      settings: { groupsSource: 'ldap' },
    });
    expect(refused).toBe(400);
    expect(body.error.fields?.map((problem) => problem.field)).toContain('settings.groupsSource');
  });
});
