import { randomUUID } from 'node:crypto';
import { generateSigningKey, type SigningKey } from '@portcullis/signing';
import { importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assertionNodeId,
  MAX_ASSERTION_LENGTH,
  NODE_ASSERTION_AUDIENCE,
  NODE_ASSERTION_TYPE,
  verifyNodeAssertion,
} from './node-assertion.js';

const nodeId = randomUUID();
const NOW = new Date('2030-01-01T12:00:00Z');
const nowS = Math.floor(NOW.getTime() / 1000);
let key: SigningKey;
let otherKey: SigningKey;

interface Mint {
  kid?: string;
  typ?: string;
  aud?: string;
  iss?: string;
  sub?: string;
  iat?: number | null;
  exp?: number | null;
  jti?: string | null;
  signWith?: SigningKey;
}

async function mint(options: Mint = {}): Promise<string> {
  const signer = options.signWith ?? key;
  const claims: Record<string, unknown> = {};
  if (options.jti !== null) claims.jti = options.jti ?? randomUUID();
  if (options.iat !== null) claims.iat = options.iat ?? nowS;
  if (options.exp !== null) claims.exp = options.exp ?? nowS + 60;
  return new SignJWT(claims)
    .setProtectedHeader({
      alg: 'EdDSA',
      typ: options.typ ?? NODE_ASSERTION_TYPE,
      kid: options.kid ?? nodeId,
    })
    .setIssuer(options.iss ?? nodeId)
    .setSubject(options.sub ?? nodeId)
    .setAudience(options.aud ?? NODE_ASSERTION_AUDIENCE)
    .sign(await importJWK(signer.privateJwk, 'EdDSA'));
}

const verify = (token: string) => verifyNodeAssertion(token, nodeId, key.publicJwk, NOW);

beforeAll(async () => {
  [key, otherKey] = await Promise.all([generateSigningKey(), generateSigningKey()]);
});

describe(verifyNodeAssertion.name, () => {
  it('accepts a fresh assertion signed with the node key', async () => {
    const jti = randomUUID();
    expect(await verify(await mint({ jti }))).toEqual({ ok: true, jti });
  });

  it('tolerates 30 s of clock skew either way, and no more', async () => {
    expect((await verify(await mint({ iat: nowS + 29, exp: nowS + 120 }))).ok).toBe(true);
    expect((await verify(await mint({ iat: nowS - 100, exp: nowS - 29 }))).ok).toBe(true);
    expect(await verify(await mint({ iat: nowS - 100, exp: nowS - 31 }))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect((await verify(await mint({ iat: nowS + 60, exp: nowS + 120 }))).ok).toBe(false);
  });

  it('refuses a lifetime over 300 s', async () => {
    expect((await verify(await mint({ iat: nowS, exp: nowS + 300 }))).ok).toBe(true);
    expect(await verify(await mint({ iat: nowS, exp: nowS + 301 }))).toEqual({
      ok: false,
      reason: 'lifetime',
    });
  });

  it('refuses a bad signature, another key, or a tampered payload', async () => {
    const token = await mint();
    const [header, payload, signature = ''] = token.split('.');
    const bytes = Buffer.from(signature, 'base64url');
    bytes[10] = (bytes[10] ?? 0) ^ 0x01;
    expect(await verify(`${header}.${payload}.${bytes.toString('base64url')}`)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(await verify(await mint({ signWith: otherKey }))).toEqual({ ok: false, reason: 'signature' });
    const forged = Buffer.from(JSON.stringify({ iss: nodeId, sub: nodeId, aud: 'x' })).toString('base64url');
    expect(await verify(`${header}.${forged}.${signature}`)).toEqual({ ok: false, reason: 'signature' });
  });

  it.each<[string, Mint]>([
    ['wrong audience', { aud: 'somebody-else' }],
    ['wrong typ', { typ: 'JWT' }],
    ['issuer not the node', { iss: randomUUID() }],
    ['subject not the node', { sub: randomUUID() }],
    ['no jti', { jti: null }],
    ['no iat', { iat: null }],
    ['no exp', { exp: null }],
  ])('refuses %s', async (_case, options) => {
    expect((await verify(await mint(options))).ok).toBe(false);
  });

  it('refuses anything that is not an EdDSA JWS', async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: NODE_ASSERTION_TYPE, kid: nodeId })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expect((await verify(unsigned)).ok).toBe(false);
    expect((await verify('not-a-jwt')).ok).toBe(false);
    expect((await verify('a'.repeat(MAX_ASSERTION_LENGTH + 1))).ok).toBe(false);
  });
});

describe(assertionNodeId.name, () => {
  it('reads the node id from the header kid, and nothing else', async () => {
    expect(assertionNodeId(await mint())).toBe(nodeId);
    expect(assertionNodeId(await mint({ kid: 'not-a-node-id' }))).toBeUndefined();
    expect(assertionNodeId('garbage')).toBeUndefined();
    expect(assertionNodeId(`${await mint()}${'x'.repeat(MAX_ASSERTION_LENGTH)}`)).toBeUndefined();
  });
});
