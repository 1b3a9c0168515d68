import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';

// The admin API of the issuers tenants trust for console sign-in: tenant owners manage their own
// tenant's issuer; the client secret goes in and never comes out (nor into the audit trail).

interface IdentityProvider {
  id: string;
  tenantId: string;
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  clientSecretLast4: string | null;
  groupsClaim: string;
  redirectUri: string;
  loginUrl: string;
}

interface ErrorBody {
  error: { code: string; fields?: { field: string; message: string }[] };
}

let cp: TestControlPlane;
let tenantA: TestTenant;
let tenantB: TestTenant;
let ownerA: TestPerson;
let ownerB: TestPerson;
let developerA: TestPerson;

const secret = (): string => `secret-${randomBytes(18).toString('base64url')}`;

beforeAll(async () => {
  cp = await startTestControlPlane();
  tenantA = await createTenant(cp, 'idp-a');
  tenantB = await createTenant(cp, 'idp-b');
  ownerA = await createPerson(cp, tenantA, 'owner', 'tenant-owner');
  ownerB = await createPerson(cp, tenantB, 'owner', 'tenant-owner');
  developerA = await createPerson(cp, tenantA, 'developer', 'developer');
});

afterAll(async () => {
  await cp.close();
});

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

describe('identity providers admin API', () => {
  it('lets a tenant owner trust an issuer, with a write-only client secret', async () => {
    const clientSecret = secret();
    const created = await json<IdentityProvider>(
      await cp.request('/api/v1/identity-providers', {
        method: 'POST',
        token: ownerA.token,
        json: {
          tenantId: tenantA.id,
          issuer: 'https://acme.okta.com/oauth2/default',
          clientId: '0oa-console',
          clientSecret,
        },
      }),
      201,
    );
    expect(created).toMatchObject({
      tenantId: tenantA.id,
      issuer: 'https://acme.okta.com/oauth2/default',
      clientId: '0oa-console',
      clientSecretSet: true,
      clientSecretLast4: clientSecret.slice(-4),
      groupsClaim: 'groups',
      redirectUri: `${cp.url}/auth/callback/${created.id}`,
      loginUrl: `/auth/login?tenant=${tenantA.slug}`,
    });
    expect(JSON.stringify(created)).not.toContain(clientSecret);

    const stored = await cp.app
      .get(DataSource)
      .query<{ client_secret: string }[]>(
        'SELECT client_secret FROM tenant_identity_providers WHERE id = $1',
        [created.id],
      );
    expect(stored[0]?.client_secret).not.toContain(clientSecret);

    const read = await cp.request(`/api/v1/identity-providers/${created.id}`, { token: ownerA.token });
    expect(await json<IdentityProvider>(read, 200)).toEqual(created);

    const list = await cp.request('/api/v1/identity-providers', { token: ownerA.token });
    expect(list.headers.get('content-range')).toMatch(/^identity-providers 0-0\/1$/);
    expect(await json<IdentityProvider[]>(list, 200)).toEqual([created]);

    // Renaming the claim keeps the secret; a new secret replaces it.
    const renamed = await json<IdentityProvider>(
      await cp.request(`/api/v1/identity-providers/${created.id}`, {
        method: 'PUT',
        token: ownerA.token,
        json: { groupsClaim: 'roles' },
      }),
      200,
    );
    expect(renamed).toMatchObject({ groupsClaim: 'roles', clientSecretLast4: clientSecret.slice(-4) });
    const rotatedSecret = secret();
    const rotated = await json<IdentityProvider>(
      await cp.request(`/api/v1/identity-providers/${created.id}`, {
        method: 'PUT',
        token: ownerA.token,
        json: { clientSecret: rotatedSecret },
      }),
      200,
    );
    expect(rotated.clientSecretLast4).toBe(rotatedSecret.slice(-4));

    const filter = encodeURIComponent(JSON.stringify({ targetId: created.id }));
    const events = await cp.request(`/api/v1/audit?filter=${filter}`);
    const text = await events.text();
    expect(events.status).toBe(200);
    const actions = (JSON.parse(text) as { action: string }[]).map((event) => event.action).sort();
    expect(actions).toEqual([
      'identity-provider.create',
      'identity-provider.update',
      'identity-provider.update',
    ]);
    expect(text).not.toContain(clientSecret);
    expect(text).not.toContain(rotatedSecret);
    expect(text).not.toContain('clientSecretLast4');

    const deleted = await cp.request(`/api/v1/identity-providers/${created.id}`, {
      method: 'DELETE',
      token: ownerA.token,
    });
    expect(deleted.status).toBe(200);
    expect(
      (await cp.request(`/api/v1/identity-providers/${created.id}`, { token: ownerA.token })).status,
    ).toBe(404);
  });

  it('names the field of every invalid value, and allows one issuer per tenant', async () => {
    const invalid = await json<ErrorBody>(
      await cp.request('/api/v1/identity-providers', {
        method: 'POST',
        token: ownerA.token,
        json: { tenantId: tenantA.id, issuer: 'http://idp.example.com', clientId: '', groupsClaim: 'a b' },
      }),
      400,
    );
    expect([...new Set(invalid.error.fields?.map((problem) => problem.field))].sort()).toEqual([
      'clientId',
      'clientSecret',
      'groupsClaim',
      'issuer',
    ]);
    expect(invalid.error.fields?.find((problem) => problem.field === 'issuer')?.message).toMatch(/https/);

    const body = {
      tenantId: tenantA.id,
      issuer: 'http://127.0.0.1:9999',
      clientId: 'c',
      clientSecret: secret(),
    };
    const first = await json<IdentityProvider>(
      await cp.request('/api/v1/identity-providers', { method: 'POST', token: ownerA.token, json: body }),
      201,
    );
    const second = await json<ErrorBody>(
      await cp.request('/api/v1/identity-providers', { method: 'POST', token: ownerA.token, json: body }),
      409,
    );
    expect(second.error.fields?.map((problem) => problem.field)).toEqual(['tenantId']);
    await cp.request(`/api/v1/identity-providers/${first.id}`, { method: 'DELETE', token: ownerA.token });
  });

  it("hides a tenant's issuer from other tenants' owners and refuses lesser roles", async () => {
    const provider = await json<IdentityProvider>(
      await cp.request('/api/v1/identity-providers', {
        method: 'POST',
        token: ownerA.token,
        json: {
          tenantId: tenantA.id,
          issuer: 'https://login.example.com',
          clientId: 'c',
          clientSecret: secret(),
        },
      }),
      201,
    );
    const path = `/api/v1/identity-providers/${provider.id}`;
    expect((await cp.request(path, { token: ownerB.token })).status).toBe(404);
    expect(
      (await cp.request(path, { method: 'PUT', token: ownerB.token, json: { clientId: 'x' } })).status,
    ).toBe(404);
    expect((await cp.request(path, { method: 'DELETE', token: ownerB.token })).status).toBe(404);
    const listB = await cp.request('/api/v1/identity-providers', { token: ownerB.token });
    expect(await listB.text()).not.toContain(provider.id);
    const createInA = await cp.request('/api/v1/identity-providers', {
      method: 'POST',
      token: ownerB.token,
      json: {
        tenantId: tenantA.id,
        issuer: 'https://evil.example.com',
        clientId: 'c',
        clientSecret: secret(),
      },
    });
    expect(createInA.status).toBe(400);

    expect((await cp.request(path, { token: developerA.token })).status).toBe(403);
    expect((await cp.request('/api/v1/identity-providers', { token: developerA.token })).status).toBe(403);
    expect((await cp.request(path, { token: ownerA.token })).status).toBe(200);
  });
});
