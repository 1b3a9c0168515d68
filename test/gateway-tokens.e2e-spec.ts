import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm, type FakeLlm } from '@portcullis/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  startControlPlane,
  startDataPlane,
  waitForRevision,
  type ControlPlaneProcess,
  type DataPlaneProcess,
} from './support/config-sync-stack.js';
import { GATEWAY_AUDIENCE, TokenIdp } from './support/token-idp.js';

/**
 * IdP access tokens end to end: a real OpenID Provider (oidc-provider, standing in for an Okta
 * custom authorization server) issues JWT access tokens; the control plane trusts it for a tenant;
 * a data-plane node verifies the tokens locally against its JWKS and asks the synced directory who
 * they name — a service through client credentials, people provisioned by SCIM.
 */

let cp: ControlPlaneProcess;
let node: DataPlaneProcess;
let fake: FakeLlm;
let idp: TokenIdp;
let stranger: TokenIdp;
let tenantId: string;
let scimToken: string;
const scimUsers = new Map<string, string>();

const unique = (): string => randomBytes(3).toString('hex');

async function currentRevision(): Promise<number> {
  return (await cp.admin<{ revision: number }>('GET', '/api/v1/config-revision')).revision;
}

async function scim(method: string, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${cp.url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as { id: string };
}

const client = (token: string): OpenAI =>
  new OpenAI({ apiKey: token, baseURL: `${node.url}/v1`, maxRetries: 0 });

const hello = { messages: [{ role: 'user' as const, content: 'Hello' }] };

/** The status and error code of a refused call (the SDK throws APIError). */
async function refusal(call: Promise<unknown>): Promise<{ status: number | undefined; code: unknown }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof OpenAI.APIError) {
      const code: unknown = error.code;
      const status: unknown = error.status;
      return { status: typeof status === 'number' ? status : undefined, code };
    }
    throw error;
  }
  throw new Error('the call was not refused');
}

beforeAll(async () => {
  [fake, idp, stranger] = await Promise.all([startFakeLlm(), TokenIdp.start(), TokenIdp.start()]);
  cp = await startControlPlane(inject('databaseUrl'), inject('redisUrl'), inject('redisPrefix'), {
    PROVIDER_ALLOWED_HTTP_HOSTS: '127.0.0.1',
  });
  tenantId = (
    await cp.admin<{ id: string }>('POST', '/api/v1/tenants', { slug: `jwt-${unique()}`, name: 'JWT' })
  ).id;
  const provider = await cp.admin<{ id: string }>('POST', '/api/v1/providers', {
    name: `fake-${unique()}`,
    type: 'openai',
    baseUrl: `${fake.url}/v1`,
    credentials: { apiKey: 'sk-fake-upstream-key-0001' },
  });
  for (const [alias, requiredClaims] of [
    ['chat-model', []],
    ['mfa-model', [{ claim: 'amr', anyOf: ['mfa', 'hwk'] }]],
  ] as const) {
    await cp.admin('POST', '/api/v1/models', {
      tenantId,
      alias,
      capabilities: ['chat'],
      requiredClaims,
      deployments: [{ providerId: provider.id, upstreamModel: 'gpt-4o-mini', weight: 1, priority: 0 }],
    });
  }
  scimToken = (await cp.admin<{ token: string }>('POST', '/api/v1/scim-tokens', { tenantId, name: 'okta' }))
    .token;
  for (const userName of ['alice@acme.test', 'bob@acme.test']) {
    const user = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      externalId: `00u-${userName.split('@')[0] ?? ''}`,
      active: true,
    });
    scimUsers.set(userName, user.id);
  }
  const group = await scim('POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: 'Engineering',
    members: [...scimUsers.values()].map((value) => ({ value })),
  });
  const app = await cp.admin<{ id: string }>('POST', '/api/v1/apps', {
    tenantId,
    name: 'batch-jobs',
    clientId: idp.client.id,
  });
  for (const subject of [
    { kind: 'group', id: group.id },
    { kind: 'application', id: app.id },
  ]) {
    for (const model of ['chat-model', 'mfa-model']) {
      await cp.admin('POST', '/api/v1/grants', { tenantId, model, subject });
    }
  }
  await cp.admin('POST', '/api/v1/token-issuers', {
    tenantId,
    issuer: idp.issuer,
    audience: [GATEWAY_AUDIENCE],
    jwksUri: idp.jwksUri,
    groupsClaim: 'groups',
    algorithms: ['ES256'],
  });
  const enrollment = await cp.admin<{ token: string }>('POST', '/api/v1/enrollment-tokens', {
    name: 'jwt node',
  });
  node = await startDataPlane({
    controlPlaneUrl: cp.url,
    dataDir: mkdtempSync(join(tmpdir(), 'portcullis-jwt-')),
    name: 'jwt-node',
    enrollmentToken: enrollment.token,
    // The stand-in IdP's JWKS is on 127.0.0.1: the operator allows it, as for a private IdP.
    env: { DATA_PLANE_ALLOWED_UPSTREAM_HOSTS: '127.0.0.1' },
  });
  await waitForRevision(node, await currentRevision());
});

afterAll(async () => {
  await node.stop();
  await cp.stop();
  await Promise.all([fake.close(), idp.close(), stranger.close()]);
});

describe('IdP access tokens through the gateway', () => {
  it('let a service call with its client-credentials token, as its application', async () => {
    const token = await idp.clientCredentialsToken();
    fake.script({ text: 'Hi, service' });
    const completion = await client(token).chat.completions.create({ model: 'chat-model', ...hello });
    expect(completion.choices[0]?.message.content).toBe('Hi, service');
    const upstream = fake.requests.at(-1);
    expect(upstream?.hasCredential(token)).toBe(false);
    expect(JSON.stringify(upstream?.headers)).not.toContain(token);
  });

  it('let a person provisioned by SCIM call what their groups are granted, within the claims each model requires', async () => {
    const plain = client(await idp.personToken('alice@acme.test', { amr: ['pwd'] }));
    fake.script({ text: 'Hi, Alice' });
    expect(
      (await plain.chat.completions.create({ model: 'chat-model', ...hello })).choices[0]?.message.content,
    ).toBe('Hi, Alice');
    expect((await plain.models.list()).data.map((m) => m.id)).toEqual(['chat-model']);
    expect(await refusal(plain.chat.completions.create({ model: 'mfa-model', ...hello }))).toEqual({
      status: 403,
      code: 'claim_not_allowed',
    });

    const strong = client(await idp.personToken('alice@acme.test', { amr: ['pwd', 'mfa'] }));
    expect((await strong.models.list()).data.map((m) => m.id).sort()).toEqual(['chat-model', 'mfa-model']);
  });

  it('refuse tokens of an issuer the tenant does not trust, and of people not in its directory', async () => {
    expect(await refusal(client(await stranger.clientCredentialsToken()).models.list())).toEqual({
      status: 401,
      code: 'invalid_token',
    });
    expect(await refusal(client(await idp.personToken('mallory@acme.test')).models.list())).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });

  it('refuse a person deactivated by SCIM on the next call after the change reaches the node, unexpired token or not', async () => {
    const bob = client(await idp.personToken('bob@acme.test'));
    expect((await bob.models.list()).data.map((m) => m.id)).toEqual(['chat-model']);

    await scim('PATCH', `/Users/${scimUsers.get('bob@acme.test') ?? ''}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    await waitForRevision(node, await currentRevision());

    expect(await refusal(bob.chat.completions.create({ model: 'chat-model', ...hello }))).toEqual({
      status: 401,
      code: 'principal_inactive',
    });
  });
});
