import { generateSigningKey } from '@portcullis/signing';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAssertionMinter } from './assertion.js';

const NODE_ID = '0b9f5c1e-3d4a-4f2b-9c8d-7e6f5a4b3c2d';

async function setup() {
  const key = await generateSigningKey();
  return { key, mint: createAssertionMinter(NODE_ID, key.privateJwk) };
}

describe(createAssertionMinter.name, () => {
  it('mints a node assertion the control plane’s checks accept', async () => {
    const { key, mint } = await setup();

    const token = await mint();

    const { payload, protectedHeader } = await jwtVerify(token, await importJWK(key.publicJwk, 'EdDSA'), {
      algorithms: ['EdDSA'],
      typ: 'portcullis-node+jwt',
      audience: 'portcullis-control-plane',
      issuer: NODE_ID,
      subject: NODE_ID,
      requiredClaims: ['iat', 'exp', 'jti'],
      maxTokenAge: 300,
    });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'portcullis-node+jwt', kid: NODE_ID });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
  });

  it('lives 60 s from the time it is minted', async () => {
    const { mint } = await setup();
    const now = Date.parse('2026-03-01T12:00:00.750Z');

    const token = await mint(now);

    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      number
    >;
    expect(claims['iat']).toBe(Math.floor(now / 1000));
    expect(claims['exp']).toBe(Math.floor(now / 1000) + 60);
  });

  it('uses a fresh jti for every assertion', async () => {
    const { mint } = await setup();

    const tokens = await Promise.all([mint(), mint(), mint()]);

    const jtis = tokens.map((token) => {
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
        jti: string;
      };
      return claims.jti;
    });
    expect(new Set(jtis).size).toBe(3);
    expect(tokens.map((token) => decodeProtectedHeader(token).kid)).toEqual([NODE_ID, NODE_ID, NODE_ID]);
  });

  it('is refused when verified with another node’s key', async () => {
    const { mint } = await setup();
    const stranger = await generateSigningKey();

    await expect(jwtVerify(await mint(), await importJWK(stranger.publicJwk, 'EdDSA'))).rejects.toThrow(
      'signature verification failed',
    );
  });
});
