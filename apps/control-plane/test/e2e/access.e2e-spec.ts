import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyUsageRecorder } from '../../src/modules/access/api-key-usage.recorder.js';
import { startTestControlPlane, type TestControlPlane } from '../support/control-plane.js';
import { dumpDatabase, sql } from '../support/database.js';
import { createPerson, createTenant, type TestPerson, type TestTenant } from '../support/people.js';

interface KeyBody {
  id: string;
  tenantId: string;
  owner: { kind: string; id: string };
  prefix: string;
  status: string;
  scopeModels: string[] | null;
  metadata: Record<string, string>;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  key?: string;
}
interface ExplainBody {
  allowed: boolean;
  tenantId: string;
  subject: { kind: string; id: string; name: string };
  key: { id: string; prefix: string } | null;
  reasons: { code: string; ok: boolean; message: string }[];
}
interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

let cp: TestControlPlane;
let acme: TestTenant;
let globex: TestTenant;
let owner: TestPerson;
let auditor: TestPerson;
let dev: TestPerson;
let otherDev: TestPerson;
let globexOwner: TestPerson;
let engGroupId: string;

const unique = (): string => randomBytes(3).toString('hex');

async function body<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

function post<T>(path: string, json: unknown, token: string | undefined, status = 201): Promise<T> {
  return cp
    .request(path, { method: 'POST', json, ...(token === undefined ? {} : { token }) })
    .then((r) => body<T>(r, status));
}

function explain(json: unknown, token = owner.token): Promise<ExplainBody> {
  return post<ExplainBody>('/api/v1/access/explain', json, token, 200);
}

const codes = (decision: ExplainBody): string[] => decision.reasons.map((reason) => reason.code);

async function model(tenantId: string | null, alias = `m-${unique()}`): Promise<string> {
  await post('/api/v1/models', { ...(tenantId === null ? {} : { tenantId }), alias }, undefined);
  return alias;
}

async function grant(
  subject: { kind: string; id?: string },
  modelAlias: string,
  tenantId = acme.id,
): Promise<string> {
  const created = await post<{ id: string }>(
    '/api/v1/grants',
    { tenantId, model: modelAlias, subject },
    owner.token,
  );
  return created.id;
}

interface ChangeBody {
  id: number;
  entity: string;
  entityId: string;
  op: string;
}

/** Every config change so far, page by page. */
async function allChanges(): Promise<ChangeBody[]> {
  const changes: ChangeBody[] = [];
  for (;;) {
    const since = changes.at(-1)?.id ?? 0;
    const page = await body<ChangeBody[]>(
      await cp.request(`/api/v1/config-changes?since=${since}&limit=500`),
      200,
    );
    changes.push(...page);
    if (page.length < 500) return changes;
  }
}

async function createKey(person: TestPerson, extra: Record<string, unknown> = {}): Promise<KeyBody> {
  return post<KeyBody>('/api/v1/keys', { name: `key-${unique()}`, ...extra }, person.token);
}

beforeAll(async () => {
  cp = await startTestControlPlane();
  acme = await createTenant(cp, 'access');
  globex = await createTenant(cp, 'access-other');
  owner = await createPerson(cp, acme, 'owner', 'tenant-owner');
  auditor = await createPerson(cp, acme, 'auditor', 'auditor');
  dev = await createPerson(cp, acme, 'dev', 'developer');
  otherDev = await createPerson(cp, acme, 'other-dev', 'developer');
  globexOwner = await createPerson(cp, globex, 'owner', 'tenant-owner');
  engGroupId = (
    await post<{ id: string }>(
      '/api/v1/groups',
      { tenantId: acme.id, displayName: `eng-${unique()}`, memberIds: [dev.userId] },
      undefined,
    )
  ).id;
});

afterAll(async () => {
  await cp.close();
});

describe('applications', () => {
  it('are created, renamed, deactivated and refuse duplicates with the field named', async () => {
    const name = `billing-${unique()}`;
    const app = await post<{ id: string; active: boolean; clientId: string | null }>(
      '/api/v1/apps',
      { tenantId: acme.id, name, clientId: `client-${name}` },
      owner.token,
    );
    expect(app).toMatchObject({ active: true, clientId: `client-${name}` });

    const sameName = await body<ErrorBody>(
      await cp.request('/api/v1/apps', {
        method: 'POST',
        token: owner.token,
        json: { tenantId: acme.id, name: name.toUpperCase() },
      }),
      409,
    );
    expect(sameName.error.fields?.map((f) => f.field)).toEqual(['name']);
    expect(sameName.error.fields?.[0]?.message).toContain('already taken');
    const sameClient = await body<ErrorBody>(
      await cp.request('/api/v1/apps', {
        method: 'POST',
        token: owner.token,
        json: { tenantId: acme.id, name: `x-${unique()}`, clientId: `client-${name}` },
      }),
      409,
    );
    expect(sameClient.error.fields?.[0]?.field).toBe('clientId');

    const bad = await body<ErrorBody>(
      await cp.request('/api/v1/apps', {
        method: 'POST',
        token: owner.token,
        json: { tenantId: acme.id, name: '', clientId: 'has space' },
      }),
      400,
    );
    expect(bad.error.fields?.map((f) => f.field).sort()).toEqual(['clientId', 'name']);

    const updated = await body<{ active: boolean }>(
      await cp.request(`/api/v1/apps/${app.id}`, {
        method: 'PUT',
        token: owner.token,
        json: { active: false },
      }),
      200,
    );
    expect(updated.active).toBe(false);
    const [change] = await allChanges().then((changes) =>
      changes.filter((c) => c.entityId === app.id).slice(-1),
    );
    expect(change).toMatchObject({ entity: 'application', op: 'deactivated' });
  });

  it('belong to a tenant the caller owns', async () => {
    const refused = await body<ErrorBody>(
      await cp.request('/api/v1/apps', {
        method: 'POST',
        token: globexOwner.token,
        json: { tenantId: acme.id, name: 'intruder' },
      }),
      400,
    );
    expect(refused.error.fields?.[0]?.field).toBe('tenantId');
  });
});

describe('API keys', () => {
  it('are shown once, stored as a keyed hash with a prefix, and never returned again', async () => {
    const created = await createKey(dev, { metadata: { team: 'search' } });
    expect(created.key).toMatch(/^pk-[0-9A-Za-z]{43}$/);
    expect(created.prefix).toBe(created.key?.slice(0, 12));
    expect(created).toMatchObject({
      tenantId: acme.id,
      owner: { kind: 'user', id: dev.userId },
      status: 'active',
      metadata: { team: 'search' },
    });

    const key = created.key ?? '';
    const fetched = await body<KeyBody>(
      await cp.request(`/api/v1/keys/${created.id}`, { token: dev.token }),
      200,
    );
    const listed = await cp.request('/api/v1/keys', { token: owner.token }).then((r) => r.text());
    expect(fetched.key).toBeUndefined();
    expect(JSON.stringify(fetched)).not.toContain(key);
    expect(listed).toContain(created.id);
    expect(listed).not.toContain(key);
    const [row] = await sql<{ key_hash: string }[]>(cp, 'SELECT key_hash FROM api_keys WHERE id = $1', [
      created.id,
    ]);
    expect(row?.key_hash).toBe(cp.settings.secretKeys.hashApiKey(key));
    // The API-key hashing key is not the admin tokens' one: a node that knows it cannot mint admin-token hashes.
    expect(cp.settings.secretKeys.hashApiKey(key)).not.toBe(cp.settings.secretKeys.hashToken(key));
  });

  it('lets developers see their own keys only, and owners and auditors every key of their tenant', async () => {
    const mine = await createKey(dev);
    const theirs = await createKey(otherDev);
    const seenByDev = await cp.request('/api/v1/keys', { token: dev.token }).then((r) => r.text());
    expect(seenByDev).toContain(mine.id);
    expect(seenByDev).not.toContain(theirs.id);
    expect((await cp.request(`/api/v1/keys/${theirs.id}`, { token: dev.token })).status).toBe(404);
    const seenByAuditor = await cp
      .request('/api/v1/keys?range=[0,499]', { token: auditor.token })
      .then((r) => r.text());
    expect(seenByAuditor).toContain(theirs.id);
    expect((await cp.request(`/api/v1/keys/${theirs.id}`, { token: globexOwner.token })).status).toBe(404);
  });

  it('act as their owner: nobody creates a key for someone else, the admin token names an application', async () => {
    const forOther = await body<ErrorBody>(
      await cp.request('/api/v1/keys', {
        method: 'POST',
        token: owner.token,
        json: { name: 'x', owner: { kind: 'user', id: dev.userId } },
      }),
      403,
    );
    expect(forOther.error.fields?.[0]?.field).toBe('owner.id');
    const noPerson = await body<ErrorBody>(
      await cp.request('/api/v1/keys', { method: 'POST', json: { name: 'x' } }),
      400,
    );
    expect(noPerson.error.fields?.[0]?.field).toBe('owner');
    expect(noPerson.error.fields?.[0]?.message).toContain('application');

    const app = await post<{ id: string }>(
      '/api/v1/apps',
      { tenantId: acme.id, name: `svc-${unique()}` },
      owner.token,
    );
    const appKey = await post<KeyBody>(
      '/api/v1/keys',
      { name: 'svc', owner: { kind: 'application', id: app.id } },
      undefined,
    );
    expect(appKey.owner).toEqual({ kind: 'application', id: app.id });
    const foreign = await body<ErrorBody>(
      await cp.request('/api/v1/keys', {
        method: 'POST',
        token: globexOwner.token,
        json: { name: 'x', owner: { kind: 'application', id: app.id } },
      }),
      400,
    );
    expect(foreign.error.fields?.[0]?.field).toBe('owner.id');
  });

  it('validate scope, expiry and metadata, naming each field, and change nothing', async () => {
    const before = await sql<{ n: string }[]>(cp, 'SELECT count(*)::text AS n FROM api_keys');
    const refused = await body<ErrorBody>(
      await cp.request('/api/v1/keys', {
        method: 'POST',
        token: dev.token,
        json: {
          name: 'bad',
          scopeModels: ['no-such-model'],
          expiresAt: '2001-01-01T00:00:00Z',
          metadata: { 'bad label': 'x', ok: 7 },
        },
      }),
      400,
    );
    expect(refused.error.fields?.map((f) => f.field).sort()).toEqual([
      'expiresAt',
      'metadata',
      'metadata.ok',
      'scopeModels.0',
    ]);
    const notADate = await body<ErrorBody>(
      await cp.request('/api/v1/keys', {
        method: 'POST',
        token: dev.token,
        json: { name: 'bad', expiresAt: 'tomorrow' },
      }),
      400,
    );
    expect(notADate.error.fields?.[0]?.field).toBe('expiresAt');
    expect(await sql<{ n: string }[]>(cp, 'SELECT count(*)::text AS n FROM api_keys')).toEqual(before);
  });

  it('are revoked by their owner or a tenant owner, once, with a config revision and an audit event', async () => {
    const created = await createKey(dev);
    expect(
      (await cp.request(`/api/v1/keys/${created.id}`, { method: 'DELETE', token: otherDev.token })).status,
    ).toBe(404);
    expect(
      (await cp.request(`/api/v1/keys/${created.id}`, { method: 'DELETE', token: auditor.token })).status,
    ).toBe(403);
    const revoked = await body<KeyBody>(
      await cp.request(`/api/v1/keys/${created.id}`, { method: 'DELETE', token: dev.token }),
      200,
    );
    expect(revoked.status).toBe('revoked');
    const again = await body<KeyBody>(
      await cp.request(`/api/v1/keys/${created.id}`, { method: 'DELETE', token: owner.token }),
      200,
    );
    expect(again.revokedAt).toBe(revoked.revokedAt);

    const changes = await allChanges();
    expect(changes.filter((c) => c.entityId === created.id).map((c) => c.op)).toEqual([
      'created',
      'deactivated',
    ]);
    const filter = encodeURIComponent(JSON.stringify({ targetId: created.id }));
    const events = await body<{ action: string }[]>(await cp.request(`/api/v1/audit?filter=${filter}`), 200);
    expect(events.map((e) => e.action).sort()).toEqual(['api-key.create', 'api-key.revoke']);
  });

  it('record last use in batches, never moving backwards', async () => {
    const created = await createKey(dev);
    const recorder = cp.app.get(ApiKeyUsageRecorder);
    recorder.noteUse(created.id, new Date('2030-01-01T00:00:05Z'));
    recorder.noteUse(created.id, new Date('2030-01-01T00:00:01Z'));
    expect(await recorder.flush()).toBe(1);
    const used = await body<KeyBody>(
      await cp.request(`/api/v1/keys/${created.id}`, { token: dev.token }),
      200,
    );
    expect(used.lastUsedAt).toBe('2030-01-01T00:00:05.000Z');
    recorder.noteUse(created.id, new Date('2029-12-31T00:00:00Z'));
    expect(await recorder.flush()).toBe(0);
    expect(await recorder.flush()).toBe(0);
  });
});

describe('grants', () => {
  it('refuse unknown models, subjects of other tenants and duplicates, naming the field', async () => {
    const alias = await model(acme.id);
    const unknownModel = await body<ErrorBody>(
      await cp.request('/api/v1/grants', {
        method: 'POST',
        token: owner.token,
        json: { tenantId: acme.id, model: 'nope', subject: { kind: 'tenant' } },
      }),
      400,
    );
    expect(unknownModel.error.fields?.[0]?.field).toBe('model');
    const foreignUser = await body<ErrorBody>(
      await cp.request('/api/v1/grants', {
        method: 'POST',
        token: owner.token,
        json: { tenantId: acme.id, model: alias, subject: { kind: 'user', id: globexOwner.userId } },
      }),
      400,
    );
    expect(foreignUser.error.fields?.[0]).toEqual({
      field: 'subject.id',
      message: 'no such user in this tenant',
    });
    const missingId = await body<ErrorBody>(
      await cp.request('/api/v1/grants', {
        method: 'POST',
        token: owner.token,
        json: { tenantId: acme.id, model: alias, subject: { kind: 'group' } },
      }),
      400,
    );
    expect(missingId.error.fields?.[0]?.field).toBe('subject.id');
    await post(
      '/api/v1/grants',
      { tenantId: acme.id, model: alias, subject: { kind: 'group', id: engGroupId } },
      owner.token,
    );
    await body<ErrorBody>(
      await cp.request('/api/v1/grants', {
        method: 'POST',
        token: owner.token,
        json: { tenantId: acme.id, model: alias, subject: { kind: 'group', id: engGroupId } },
      }),
      409,
    );
  });
});

describe('access explain', () => {
  it('allows through group, user, application and tenant grants, naming the grant', async () => {
    const viaGroup = await model(acme.id);
    await grant({ kind: 'group', id: engGroupId }, viaGroup);
    const viaUser = await model(null);
    await grant({ kind: 'user', id: dev.userId }, viaUser);
    const viaTenant = await model(acme.id);
    await grant({ kind: 'tenant' }, viaTenant);
    const app = await post<{ id: string }>(
      '/api/v1/apps',
      { tenantId: acme.id, name: `bot-${unique()}` },
      owner.token,
    );
    const viaApp = await model(acme.id);
    await grant({ kind: 'application', id: app.id }, viaApp);

    const asDev = (alias: string) => explain({ subject: { kind: 'user', id: dev.userId }, model: alias });
    expect(codes(await asDev(viaGroup))).toEqual(['PRINCIPAL_ACTIVE', 'MODEL_FOUND', 'GRANTED_VIA_GROUP']);
    expect(codes(await asDev(viaUser))).toEqual(['PRINCIPAL_ACTIVE', 'MODEL_FOUND', 'GRANTED_VIA_USER']);
    expect(codes(await asDev(viaTenant))).toEqual(['PRINCIPAL_ACTIVE', 'MODEL_FOUND', 'GRANTED_VIA_TENANT']);
    const appDecision = await explain({ subject: { kind: 'application', id: app.id }, model: viaApp });
    expect(appDecision).toMatchObject({
      allowed: true,
      tenantId: acme.id,
      subject: { kind: 'application', id: app.id },
    });
    expect(codes(appDecision).at(-1)).toBe('GRANTED_VIA_APPLICATION');
    const denied = await asDev(viaApp);
    expect(denied.allowed).toBe(false);
    expect(codes(denied).at(-1)).toBe('NO_GRANT');
  });

  it('intersects a key with its owner: scope, revocation, expiry and an inactive owner deny', async () => {
    const inScope = await model(acme.id);
    const outOfScope = await model(acme.id);
    await grant({ kind: 'group', id: engGroupId }, '*');
    const person = await createPerson(cp, acme, 'keyholder', 'developer');
    await cp.request(`/api/v1/groups/${engGroupId}`, {
      method: 'PUT',
      json: { memberIds: [dev.userId, person.userId] },
    });
    const key = await createKey(person, { scopeModels: [inScope] });
    const asKey = (alias: string) => explain({ keyId: key.id, model: alias }, person.token);

    const allowed = await asKey(inScope);
    expect(allowed).toMatchObject({
      allowed: true,
      key: { id: key.id, prefix: key.prefix },
      subject: { kind: 'user', id: person.userId },
    });
    expect(codes(allowed)).toEqual([
      'PRINCIPAL_ACTIVE',
      'KEY_VALID',
      'MODEL_FOUND',
      'KEY_SCOPE_ALLOWS_MODEL',
      'GRANTED_VIA_GROUP',
    ]);
    const scoped = await asKey(outOfScope);
    expect(scoped.allowed).toBe(false);
    expect(codes(scoped)).toContain('KEY_SCOPE_EXCLUDES_MODEL');

    // Leaving the group takes the access away from every key of the person at once.
    await cp.request(`/api/v1/groups/${engGroupId}`, { method: 'PUT', json: { memberIds: [dev.userId] } });
    expect(codes(await asKey(inScope)).at(-1)).toBe('NO_GRANT');
    await cp.request(`/api/v1/groups/${engGroupId}`, {
      method: 'PUT',
      json: { memberIds: [dev.userId, person.userId] },
    });
    expect((await asKey(inScope)).allowed).toBe(true);

    await sql(cp, `UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [key.id]);
    const expired = await asKey(inScope);
    expect(expired.allowed).toBe(false);
    expect(expired.reasons[1]).toMatchObject({
      code: 'KEY_EXPIRED',
      ok: false,
    });
    expect(expired.reasons[1]?.message).toContain(key.prefix);
    await sql(cp, `UPDATE api_keys SET expires_at = NULL WHERE id = $1`, [key.id]);

    const deactivated = await cp.request(`/api/v1/users/${person.userId}`, {
      method: 'PUT',
      json: { active: false },
    });
    expect(deactivated.status).toBe(200);
    const inactive = await explain({ keyId: key.id, model: inScope });
    expect(inactive.allowed).toBe(false);
    expect(inactive.reasons[0]?.code).toBe('PRINCIPAL_INACTIVE');
    await cp.request(`/api/v1/users/${person.userId}`, { method: 'PUT', json: { active: true } });

    await cp.request(`/api/v1/keys/${key.id}`, { method: 'DELETE', token: person.token });
    const revoked = await asKey(inScope);
    expect(revoked.allowed).toBe(false);
    expect(codes(revoked)).toContain('KEY_REVOKED');
  });

  it('treats a model of another tenant exactly like a model that does not exist', async () => {
    const theirs = await model(globex.id);
    await grant({ kind: 'tenant' }, '*');
    const foreign = await explain({ subject: { kind: 'user', id: dev.userId }, model: theirs });
    const missing = await explain({ subject: { kind: 'user', id: dev.userId }, model: 'no-such-model' });
    expect(foreign.allowed).toBe(false);
    expect(codes(foreign)).toEqual(['PRINCIPAL_ACTIVE', 'MODEL_UNKNOWN']);
    expect(codes(missing)).toEqual(codes(foreign));
    expect(foreign.reasons[1]?.message.replace(theirs, 'X')).toBe(
      missing.reasons[1]?.message.replace('no-such-model', 'X'),
    );
  });

  it('answers developers about themselves only, and hides other tenants', async () => {
    const alias = await model(acme.id);
    const self = await explain({ subject: { kind: 'user', id: dev.userId }, model: alias }, dev.token);
    expect(self.subject.id).toBe(dev.userId);
    expect(
      (
        await cp.request('/api/v1/access/explain', {
          method: 'POST',
          token: dev.token,
          json: { subject: { kind: 'user', id: otherDev.userId }, model: alias },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await cp.request('/api/v1/access/explain', {
          method: 'POST',
          token: globexOwner.token,
          json: { subject: { kind: 'user', id: dev.userId }, model: alias },
        })
      ).status,
    ).toBe(404);
    const both = await body<ErrorBody>(
      await cp.request('/api/v1/access/explain', {
        method: 'POST',
        token: owner.token,
        json: { subject: { kind: 'user', id: dev.userId }, keyId: randomUuid(), model: alias },
      }),
      400,
    );
    expect(both.error.fields?.[0]?.message).toBe('name either a subject or a keyId');
    const wrongTenant = await body<ErrorBody>(
      await cp.request('/api/v1/access/explain', {
        method: 'POST',
        token: owner.token,
        json: { tenantId: globex.id, subject: { kind: 'user', id: dev.userId }, model: alias },
      }),
      400,
    );
    expect(wrongTenant.error.fields?.[0]?.field).toBe('tenantId');
  });
});

describe('deleting an application', () => {
  it('deletes its keys and grants too, each a config change, and explain no longer knows it', async () => {
    const alias = await model(acme.id);
    const app = await post<{ id: string }>(
      '/api/v1/apps',
      { tenantId: acme.id, name: `gone-${unique()}` },
      owner.token,
    );
    const grantId = await grant({ kind: 'application', id: app.id }, alias);
    const key = await post<KeyBody>(
      '/api/v1/keys',
      { name: 'k', owner: { kind: 'application', id: app.id } },
      owner.token,
    );
    expect(
      (await cp.request(`/api/v1/apps/${app.id}`, { method: 'DELETE', token: owner.token })).status,
    ).toBe(200);
    expect((await cp.request(`/api/v1/keys/${key.id}`)).status).toBe(404);
    expect((await cp.request(`/api/v1/grants/${grantId}`)).status).toBe(404);
    const changes = await allChanges();
    const deleted = changes.filter((c) => c.op === 'deleted').map((c) => `${c.entity}:${c.entityId}`);
    expect(deleted).toEqual(
      expect.arrayContaining([`api-key:${key.id}`, `grant:${grantId}`, `application:${app.id}`]),
    );
    expect(
      (await cp.request('/api/v1/access/explain', { method: 'POST', json: { keyId: key.id, model: alias } }))
        .status,
    ).toBe(404);
  });
});

describe('deleting a user', () => {
  it('takes their keys and grants with them', async () => {
    const leaver = await createPerson(cp, acme, 'leaver', 'developer');
    const key = await createKey(leaver);
    const grantId = await grant({ kind: 'user', id: leaver.userId }, '*');
    expect((await cp.request(`/api/v1/users/${leaver.userId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await cp.request(`/api/v1/keys/${key.id}`)).status).toBe(404);
    expect((await cp.request(`/api/v1/grants/${grantId}`)).status).toBe(404);
  });
});

describe('no plaintext anywhere', () => {
  it('keeps a provider credential and an API key out of every table, log line and audit event', async () => {
    const credential = `sk-live-${randomBytes(24).toString('hex')}`;
    await post(
      '/api/v1/providers',
      {
        tenantId: acme.id,
        name: `p-${unique()}`,
        type: 'openai',
        baseUrl: 'https://203.0.113.10/v1',
        credentials: { apiKey: credential },
      },
      owner.token,
    );
    const created = await createKey(dev);
    const key = created.key ?? '';
    expect(key).toMatch(/^pk-/);
    await explain({ keyId: created.id, model: 'anything' });

    const dump = await dumpDatabase(cp);
    expect(dump.tables).toEqual(
      expect.arrayContaining(['providers', 'api_keys', 'audit_events', 'config_changes']),
    );
    for (const secret of [credential, key, key.slice(12)]) {
      expect(dump.text).not.toContain(secret);
      expect(cp.logs.text).not.toContain(secret);
    }
    const audit = await cp.request('/api/v1/audit/export').then((r) => r.text());
    expect(audit).toContain(created.id);
    expect(audit).not.toContain(key);
    expect(audit).not.toContain(credential);
  });
});

function randomUuid(): string {
  return '00000000-0000-4000-8000-' + randomBytes(6).toString('hex');
}
