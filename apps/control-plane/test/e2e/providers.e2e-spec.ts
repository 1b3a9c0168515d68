import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCredentials } from '../../src/modules/catalog/provider-credentials.js';
import { rekeyProviders } from '../../src/modules/catalog/rekey-providers.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { dumpDatabase } from '../support/database.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';

interface ProviderBody {
  id: string;
  tenantId: string | null;
  baseUrl: string;
  credentialsSet: boolean;
  credentialsLast4: string | null;
  timeoutMs: number;
}

const masterKey = randomBytes(32);
let cp: TestControlPlane;
let tenant: TestTenant;
let otherTenant: TestTenant;
let owner: TestPerson;
let otherOwner: TestPerson;

beforeAll(async () => {
  cp = await startTestControlPlane({
    PROVIDER_ALLOWED_HTTP_HOSTS: 'vllm.internal, 127.0.0.1',
    PORTCULLIS_MASTER_KEY: masterKey.toString('base64'),
  });
  tenant = await createTenant(cp, 'providers');
  otherTenant = await createTenant(cp, 'providers-other');
  owner = await createPerson(cp, tenant, 'owner', 'tenant-owner');
  otherOwner = await createPerson(cp, otherTenant, 'owner', 'tenant-owner');
});

afterAll(async () => {
  await cp.close();
});

const apiKey = (): string => `sk-test-${randomBytes(24).toString('hex')}`;

/** A public address literal: tenant-owned base URLs are resolved, and tests use no external DNS. */
const PUBLIC_URL = 'https://203.0.113.10/v1';

interface ErrorBody {
  error: { code: string; fields: { field: string; message: string }[] };
}

async function baseUrlError(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as ErrorBody;
  expect(body.error.code).toBe('VALIDATION_FAILED');
  return body.error.fields.find((f) => f.field === 'baseUrl')?.message;
}

function createProvider(body: Record<string, unknown>, token?: string): Promise<Response> {
  return cp.request('/api/v1/providers', {
    method: 'POST',
    json: { name: 'p', type: 'openai', baseUrl: 'https://api.openai.com/v1', ...body },
    ...(token === undefined ? {} : { token }),
  });
}

async function dumpDatabaseText(): Promise<string> {
  const dump = await dumpDatabase(cp);
  expect(dump.tables).toContain('providers');
  return dump.text;
}

describe('providers', () => {
  it('stores credentials only sealed: not in any table, log, audit event or response', async () => {
    const secret = apiKey();
    const secretAws = `aws-${randomBytes(20).toString('hex')}`;
    const response = await createProvider(
      {
        tenantId: tenant.id,
        name: 'OpenAI',
        baseUrl: PUBLIC_URL,
        credentials: { apiKey: secret },
        timeoutMs: 30_000,
      },
      owner.token,
    );
    const text = await response.text();
    expect(response.status, text).toBe(201);
    const created = JSON.parse(text) as ProviderBody;
    expect(created).toMatchObject({
      tenantId: tenant.id,
      credentialsSet: true,
      credentialsLast4: secret.slice(-4),
      timeoutMs: 30_000,
    });
    expect(text).not.toContain(secret);

    const bedrock = await createProvider(
      {
        name: 'Bedrock',
        type: 'bedrock',
        baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: secretAws },
        options: { region: 'eu-west-1' },
      },
      undefined,
    );
    expect(bedrock.status).toBe(201);
    expect((await bedrock.json()) as ProviderBody).toMatchObject({ tenantId: null, credentialsSet: true });

    const rotated = await cp.request(`/api/v1/providers/${created.id}`, {
      method: 'PUT',
      token: owner.token,
      json: { credentials: { apiKey: `${secret}-2` } },
    });
    expect(rotated.status).toBe(200);
    expect(((await rotated.json()) as ProviderBody).credentialsLast4).toBe(`${secret}-2`.slice(-4));

    const read = await cp.request(`/api/v1/providers/${created.id}`, { token: owner.token });
    expect(await read.text()).not.toContain(secret);

    const dump = await dumpDatabaseText();
    for (const plaintext of [secret, secretAws]) {
      expect(dump).not.toContain(plaintext);
      expect(cp.logs.text).not.toContain(plaintext);
    }
    const audit = await cp.request(
      `/api/v1/audit?filter=${encodeURIComponent(JSON.stringify({ targetId: created.id }))}`,
    );
    const auditText = await audit.text();
    expect(auditText).toContain('provider.create');
    expect(auditText).toContain('provider.update');
    expect(auditText).not.toContain(secret);
    expect(auditText).not.toContain(secret.slice(-4));

    const cleared = await cp.request(`/api/v1/providers/${created.id}`, {
      method: 'PUT',
      token: owner.token,
      json: { credentials: null },
    });
    expect(cleared.status).toBe(200);
    expect((await cleared.json()) as ProviderBody).toMatchObject({
      credentialsSet: false,
      credentialsLast4: null,
    });
  });

  it.each([
    ['127.0.0.1', 'https://127.0.0.1/v1'],
    ['10.0.0.1', 'https://10.0.0.1/v1'],
    ['169.254.169.254', 'https://169.254.169.254/latest'],
    ['[::1]', 'https://[::1]:8443/v1'],
    ['localhost (resolves to loopback)', 'https://localhost/v1'],
    ['an http host allowed for plain http', 'http://127.0.0.1:9999/v1'],
  ])('refuses a tenant-owned provider pointing at %s', async (_what, baseUrl) => {
    const response = await createProvider({ tenantId: tenant.id, baseUrl }, owner.token);
    expect(response.status).toBe(400);
    expect(await baseUrlError(response)).toMatch(/loopback, link-local, private or metadata/);
  });

  it('lists providers filtered by type and by a search in name or base URL', async () => {
    const name = `Findable ${randomBytes(3).toString('hex')}`;
    expect(
      (await createProvider({ name, type: 'anthropic', baseUrl: 'https://api.anthropic.com' })).status,
    ).toBe(201);
    const byName = await cp.request(
      `/api/v1/providers?filter=${encodeURIComponent(JSON.stringify({ q: name.toLowerCase() }))}`,
    );
    expect(((await byName.json()) as { name: string }[]).map((p) => p.name)).toEqual([name]);
    const byType = await cp.request(
      `/api/v1/providers?filter=${encodeURIComponent(JSON.stringify({ type: 'anthropic', q: 'findable' }))}`,
    );
    expect(((await byType.json()) as { type: string }[]).every((p) => p.type === 'anthropic')).toBe(true);
    const none = await cp.request(
      `/api/v1/providers?filter=${encodeURIComponent(JSON.stringify({ type: 'gemini', q: name }))}`,
    );
    expect(await none.json()).toEqual([]);
  });

  it('refuses plain http unless PROVIDER_ALLOWED_HTTP_HOSTS lists the host', async () => {
    const refused = await createProvider({ baseUrl: 'http://api.example.com/v1' });
    expect(refused.status).toBe(400);
    expect(await baseUrlError(refused)).toMatch(/PROVIDER_ALLOWED_HTTP_HOSTS/);
    // Global providers (platform admins) may reach an allowed local host, e.g. the mock provider.
    const allowed = await createProvider({ type: 'mock', baseUrl: 'http://127.0.0.1:9999/v1' });
    expect(allowed.status).toBe(201);
  });

  it('keeps tenant providers to their tenant and global ones to platform admins', async () => {
    const mine = (await (
      await createProvider({ tenantId: tenant.id, name: 'mine', baseUrl: PUBLIC_URL }, owner.token)
    ).json()) as ProviderBody;
    expect((await cp.request(`/api/v1/providers/${mine.id}`, { token: otherOwner.token })).status).toBe(404);
    const global = (await (await createProvider({ name: 'global' })).json()) as ProviderBody;
    expect((await cp.request(`/api/v1/providers/${global.id}`, { token: otherOwner.token })).status).toBe(
      200,
    );
    const edit = await cp.request(`/api/v1/providers/${global.id}`, {
      method: 'PUT',
      token: owner.token,
      json: { name: 'x' },
    });
    expect(edit.status).toBe(403);
    expect((await createProvider({ name: 'g' }, owner.token)).status).toBe(403);
    const listed = await cp.request('/api/v1/providers', { token: otherOwner.token });
    const text = await listed.text();
    expect(text).toContain(global.id);
    expect(text).not.toContain(mine.id);
  });

  // Last: afterwards this control plane's master key no longer opens its providers' credentials.
  it('re-encrypts credentials under a new master key (the rekey command)', async () => {
    const secret = apiKey();
    const created = (await (
      await createProvider({ name: 'rekey', credentials: { apiKey: secret } })
    ).json()) as ProviderBody;
    const newKey = randomBytes(32);
    const db = cp.app.get(DataSource);
    const first = await db.transaction((manager) => rekeyProviders(manager, masterKey, newKey));
    expect(first.rekeyed).toBeGreaterThanOrEqual(1);
    const [row] = await db.query<{ credentials: string }[]>(
      'SELECT credentials FROM providers WHERE id = $1',
      [created.id],
    );
    expect(openCredentials(row?.credentials ?? '', created.id, newKey)).toEqual({ apiKey: secret });
    expect(() => openCredentials(row?.credentials ?? '', created.id, masterKey)).toThrow();

    const again = await db.transaction((manager) => rekeyProviders(manager, masterKey, newKey));
    expect(again.rekeyed).toBe(0);
    expect(again.current).toBeGreaterThanOrEqual(1);
    // The old key no longer opens it: the API still says it is set, without the suffix.
    const read = (await (await cp.request(`/api/v1/providers/${created.id}`)).json()) as ProviderBody;
    expect(read).toMatchObject({ credentialsSet: true, credentialsLast4: null });
  });
});
