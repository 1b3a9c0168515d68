import { createHmac } from 'node:crypto';
import { calculateJwkThumbprint, CompactSign, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignatureError, type SignatureErrorCode } from './errors.js';
import { computeKeyId, generateSigningKey, type SigningKey } from './keys.js';
import { signJson, signJsonText, verifyJson } from './jws.js';

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

async function expectSignatureError(promise: Promise<unknown>, code: SignatureErrorCode): Promise<void> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SignatureError);
  expect((err as SignatureError).code).toBe(code);
}

let alice: SigningKey;
let bob: SigningKey;

beforeAll(async () => {
  [alice, bob] = await Promise.all([generateSigningKey(), generateSigningKey()]);
});

describe('generateSigningKey', () => {
  it('uses the RFC 7638 thumbprint of the public key as kid', async () => {
    const { kty, crv, x } = alice.publicJwk;
    expect(alice.kid).toBe(await calculateJwkThumbprint({ kty, crv, x }, 'sha256'));
    expect(alice.publicJwk.kid).toBe(alice.kid);
    expect(alice.privateJwk.kid).toBe(alice.kid);
    expect(alice.kid).not.toBe(bob.kid);
  });

  it('keeps the private part out of the public JWK', () => {
    expect(alice.publicJwk).not.toHaveProperty('d');
    expect(alice.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(alice.privateJwk.d).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('computes the same key id whatever optional members a JWK carries', async () => {
    const { kty, crv, x } = alice.publicJwk;
    expect(await computeKeyId({ kty, crv, x })).toBe(alice.kid);
    expect(await computeKeyId({ ...alice.publicJwk, kid: 'something-else' })).toBe(alice.kid);
  });
});

describe('signJson / verifyJson', () => {
  it('round-trips a payload and reports the signing key', async () => {
    const payload = { revision: 42, models: ['gpt-4o'], nested: { ok: true } };
    const token = await signJson(payload, alice, { typ: 'portcullis-config+jws' });

    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'EdDSA',
      kid: alice.kid,
      typ: 'portcullis-config+jws',
    });
    await expect(verifyJson(token, [bob.publicJwk, alice.publicJwk])).resolves.toEqual({
      payload,
      kid: alice.kid,
    });
    await expect(verifyJson(token, { [alice.kid]: alice.publicJwk })).resolves.toEqual({
      payload,
      kid: alice.kid,
    });
  });

  it('defaults typ to JOSE and accepts any JSON value', async () => {
    const token = await signJson([1, 'two', null], alice);
    expect(decodeProtectedHeader(token).typ).toBe('JOSE');
    expect((await verifyJson(token, [alice.publicJwk])).payload).toEqual([1, 'two', null]);
  });

  it('matches a trusted JWK without kid by its thumbprint', async () => {
    const { kty, crv, x } = alice.publicJwk;
    const token = await signJson({ a: 1 }, alice);
    await expect(verifyJson(token, [{ kty, crv, x }])).resolves.toMatchObject({ kid: alice.kid });
  });

  it('refuses to sign a value that has no JSON form', async () => {
    await expect(signJson(undefined, alice)).rejects.toThrow(TypeError);
  });

  it('rejects a token whose kid is not trusted', async () => {
    const token = await signJson({ a: 1 }, alice);
    await expectSignatureError(verifyJson(token, [bob.publicJwk]), 'UNKNOWN_KEY');
    await expectSignatureError(verifyJson(token, {}), 'UNKNOWN_KEY');
  });

  it('does not resolve a kid through the prototype chain of a key map', async () => {
    const token = await signJson({ a: 1 }, { kid: 'constructor', privateJwk: alice.privateJwk });
    await expectSignatureError(verifyJson(token, { [bob.kid]: bob.publicJwk }), 'UNKNOWN_KEY');
  });

  it('rejects a token without kid', async () => {
    const key = await importJWK(alice.privateJwk, 'EdDSA');
    const token = await new CompactSign(Buffer.from('{}')).setProtectedHeader({ alg: 'EdDSA' }).sign(key);
    await expectSignatureError(verifyJson(token, [alice.publicJwk]), 'UNKNOWN_KEY');
  });

  it('rejects a signature made by another key under a trusted kid', async () => {
    const forged = await signJson({ a: 1 }, { kid: alice.kid, privateJwk: bob.privateJwk });
    await expectSignatureError(verifyJson(forged, [alice.publicJwk]), 'BAD_SIGNATURE');
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await signJson({ role: 'user' }, alice)).split('.');
    const tampered = `${header ?? ''}.${b64url('{"role":"admin"}')}.${signature ?? ''}`;
    await expectSignatureError(verifyJson(tampered, [alice.publicJwk]), 'BAD_SIGNATURE');
  });

  it('rejects a tampered signature', async () => {
    const token = await signJson({ a: 1 }, alice);
    const i = token.length - 10;
    const tampered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    await expectSignatureError(verifyJson(tampered, [alice.publicJwk]), 'BAD_SIGNATURE');
  });

  it('rejects an unsecured alg:none token', async () => {
    const header = b64url(JSON.stringify({ alg: 'none', kid: alice.kid, typ: 'JOSE' }));
    const token = `${header}.${b64url('{"admin":true}')}.`;
    await expectSignatureError(verifyJson(token, [alice.publicJwk]), 'ALG_NOT_ALLOWED');
  });

  it('rejects an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const header = b64url(JSON.stringify({ alg: 'HS256', kid: alice.kid, typ: 'JOSE' }));
    const body = b64url('{"admin":true}');
    const mac = createHmac('sha256', Buffer.from(alice.publicJwk.x, 'base64url'))
      .update(`${header}.${body}`)
      .digest('base64url');
    await expectSignatureError(verifyJson(`${header}.${body}.${mac}`, [alice.publicJwk]), 'ALG_NOT_ALLOWED');
  });

  it('checks typ when asked, as RFC 7515 compares it', async () => {
    const token = await signJson({ a: 1 }, alice, { typ: 'application/Portcullis-Config+JWS' });
    await expect(
      verifyJson(token, [alice.publicJwk], { typ: 'portcullis-config+jws' }),
    ).resolves.toBeDefined();
    await expectSignatureError(
      verifyJson(token, [alice.publicJwk], { typ: 'portcullis-usage+jws' }),
      'TYPE_MISMATCH',
    );
  });

  it('reports malformed tokens', async () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c.d', '!!!.e30.sig', `${b64url('not json')}.e30.sig`]) {
      await expectSignatureError(verifyJson(token, [alice.publicJwk]), 'MALFORMED');
    }
  });

  it('reports a correctly signed payload that is not JSON as malformed', async () => {
    const key = await importJWK(alice.privateJwk, 'EdDSA');
    const token = await new CompactSign(Buffer.from('not json'))
      .setProtectedHeader({ alg: 'EdDSA', kid: alice.kid })
      .sign(key);
    await expectSignatureError(verifyJson(token, [alice.publicJwk]), 'MALFORMED');
  });
});

describe('interoperability with jose', () => {
  it('produces tokens jose verifies, and verifies tokens jose signed', async () => {
    const token = await signJson({ revision: 7, text: 'héllo ✓' }, alice, { typ: 'portcullis-config+jws' });
    const publicKey = await importJWK({ ...alice.publicJwk }, 'EdDSA');
    const { payload, protectedHeader } = await compactVerify(token, publicKey, { algorithms: ['EdDSA'] });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ revision: 7, text: 'héllo ✓' });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: alice.kid, typ: 'portcullis-config+jws' });

    const privateKey = await importJWK({ ...alice.privateJwk }, 'EdDSA');
    const fromJose = await new CompactSign(new TextEncoder().encode('{"from":"jose"}'))
      .setProtectedHeader({ alg: 'EdDSA', kid: alice.kid })
      .sign(privateKey);
    await expect(verifyJson(fromJose, [alice.publicJwk])).resolves.toEqual({
      payload: { from: 'jose' },
      kid: alice.kid,
    });
  });

  it('signs serialized JSON text of several encoding steps exactly as jose and signJson do', async () => {
    // Over 3 MiB and not a multiple of 3 bytes: the base64url pieces must join without padding.
    const value = { revision: 9, blob: `${'é'.repeat(1_700_000)}x`, list: [1, 2, 3] };
    const text = Buffer.from(JSON.stringify(value), 'utf8');
    expect(text.length % 3).not.toBe(0);

    const bytes = signJsonText(text, alice, { typ: 'portcullis-config+jws' });

    const token = bytes.toString('latin1');
    expect(token).toBe(await signJson(value, alice, { typ: 'portcullis-config+jws' }));
    const publicKey = await importJWK({ ...alice.publicJwk }, 'EdDSA');
    const { payload } = await compactVerify(token, publicKey, { algorithms: ['EdDSA'] });
    expect(Buffer.from(payload).equals(text)).toBe(true);
    await expect(verifyJson(token, [alice.publicJwk], { typ: 'portcullis-config+jws' })).resolves.toEqual({
      payload: value,
      kid: alice.kid,
    });
  });

  it('refuses a payload with characters outside base64url, even if it would decode', async () => {
    const [header, body, signature] = (await signJson({ a: 1 }, alice)).split('.');
    await expectSignatureError(
      verifyJson(`${header ?? ''}.${body ?? ''}=.${signature ?? ''}`, [alice.publicJwk]),
      'MALFORMED',
    );
  });
});
