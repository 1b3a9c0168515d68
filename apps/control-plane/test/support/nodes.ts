import { randomBytes, randomUUID } from 'node:crypto';
import {
  type EncryptionPrivateJwk,
  type EncryptionPublicJwk,
  generateEncryptionKey,
  generateSigningKey,
  type SigningKey,
} from '@portcullis/signing';
import { importJWK, SignJWT } from 'jose';
import { vi } from 'vitest';
import { TrustedKeysSource } from '../../src/modules/dataplane/trusted-keys.source.js';
import type { TestControlPlane } from './control-plane.js';

/** A node as the test holds it: its id and both private keys. */
export interface TestNode {
  id: string;
  name: string;
  signing: SigningKey;
  encryption: { publicJwk: EncryptionPublicJwk; privateJwk: EncryptionPrivateJwk };
}

export interface AssertionOptions {
  audience?: string;
  lifetimeS?: number;
  issuedAgoS?: number;
  type?: string;
  kid?: string;
  signWith?: SigningKey;
}

/** A node assertion (decision 0010) signed with the node's key, or as `options` spoil it. */
export async function nodeAssertion(node: TestNode, options: AssertionOptions = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) - (options.issuedAgoS ?? 0);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({
      alg: 'EdDSA',
      typ: options.type ?? 'portcullis-node+jwt',
      kid: options.kid ?? node.id,
    })
    .setIssuer(node.id)
    .setSubject(node.id)
    .setAudience(options.audience ?? 'portcullis-control-plane')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetimeS ?? 60))
    .sign(await importJWK((options.signWith ?? node.signing).privateJwk, 'EdDSA'));
}

export async function newNodeKeys(): Promise<Pick<TestNode, 'signing' | 'encryption'>> {
  const [signing, encryption] = await Promise.all([generateSigningKey(), generateEncryptionKey()]);
  return { signing, encryption };
}

/**
 * A node enrolled through `POST /dataplane/v1/enroll` with a fresh enrollment token. The
 * publisher's trusted keys are stood in for (enrollment needs them; tests cannot rely on them).
 */
export async function enrollTestNode(cp: TestControlPlane, name = `node-${randomBytes(3).toString('hex')}`) {
  const tokenResponse = await cp.request('/api/v1/enrollment-tokens', { method: 'POST', json: { name } });
  const { token } = (await tokenResponse.json()) as { token: string };
  const keys = await newNodeKeys();
  const trusted = await generateSigningKey();
  const spy = vi.spyOn(cp.app.get(TrustedKeysSource), 'current').mockResolvedValue([trusted.publicJwk]);
  try {
    const response = await cp.request('/dataplane/v1/enroll', {
      method: 'POST',
      token: null,
      json: {
        token,
        name,
        version: '0.1.0',
        signingKey: keys.signing.publicJwk,
        encryptionKey: keys.encryption.publicJwk,
      },
    });
    if (response.status !== 201)
      throw new Error(`enrollment answered ${response.status}: ${await response.text()}`);
    const { nodeId } = (await response.json()) as { nodeId: string };
    return { id: nodeId, name, ...keys } satisfies TestNode;
  } finally {
    spy.mockRestore();
  }
}
