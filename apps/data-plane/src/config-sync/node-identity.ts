import path from 'node:path';
import {
  generateEncryptionKey,
  generateSigningKey,
  type EncryptionPrivateJwk,
  type EncryptionPublicJwk,
  type PrivateJwk,
  type PublicJwk,
} from '@portcullis/signing';
import { z } from 'zod';
import { readFileIfExists, writeFileAtomic } from './atomic-file.js';

export const IDENTITY_FILE = 'node.json';

const base64url32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a 32-byte key, base64url');

const trustedKeySchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: base64url32,
  kid: z.string().min(1).max(128),
});

const identityFileSchema = z.object({
  version: z.literal(1),
  nodeId: z.uuid(),
  name: z.string().min(1),
  enrolledAt: z.iso.datetime({ offset: true }),
  signingKey: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: base64url32, d: base64url32 }),
  encryptionKey: z.object({
    kty: z.literal('OKP'),
    crv: z.literal('X25519'),
    x: base64url32,
    d: base64url32,
  }),
  trustedKeys: z.array(trustedKeySchema).min(1),
});

/** A control-plane key this node verifies bundles with; always named by its `kid`. */
export type TrustedKey = PublicJwk & { kid: string };

/**
 * Who this node is to the control plane: its id, its two private keys and the control-plane keys
 * it trusts. Kept in `<data dir>/node.json` (mode 0600); the private keys never leave the node.
 */
export interface NodeIdentity {
  nodeId: string;
  name: string;
  enrolledAt: string;
  /** Ed25519: signs the node's assertions. */
  signingKey: PrivateJwk;
  /** X25519: fleet secrets are sealed to it. */
  encryptionKey: EncryptionPrivateJwk;
  trustedKeys: readonly TrustedKey[];
}

/** The node's freshly generated key pairs, before the control plane has given it an id. */
export interface NodeKeys {
  signingKey: PrivateJwk;
  signingPublicJwk: PublicJwk;
  encryptionKey: EncryptionPrivateJwk;
  encryptionPublicJwk: EncryptionPublicJwk;
}

export class IdentityFileError extends Error {
  override readonly name = 'IdentityFileError';
}

export function identityPath(dataDir: string): string {
  return path.join(dataDir, IDENTITY_FILE);
}

export async function generateNodeKeys(): Promise<NodeKeys> {
  const [signing, encryption] = await Promise.all([generateSigningKey(), generateEncryptionKey()]);
  return {
    signingKey: { kty: 'OKP', crv: 'Ed25519', x: signing.privateJwk.x, d: signing.privateJwk.d },
    signingPublicJwk: { kty: 'OKP', crv: 'Ed25519', x: signing.publicJwk.x },
    encryptionKey: encryption.privateJwk,
    encryptionPublicJwk: encryption.publicJwk,
  };
}

/**
 * Reads `<dataDir>/node.json`; undefined when the node has not enrolled yet.
 *
 * @throws {IdentityFileError} when the file exists but is not a valid identity (never quoting it:
 * it holds private keys).
 */
export async function loadNodeIdentity(dataDir: string): Promise<NodeIdentity | undefined> {
  const file = identityPath(dataDir);
  const text = await readFileIfExists(file);
  if (text === undefined) {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new IdentityFileError(`${file} is not JSON; move it away to enroll this node again`);
  }
  const parsed = identityFileSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
    throw new IdentityFileError(
      `${file} is not a valid node identity (${fields.join(', ')}); move it away to enroll this node again`,
    );
  }
  const { nodeId, name, enrolledAt, signingKey, encryptionKey, trustedKeys } = parsed.data;
  return { nodeId, name, enrolledAt, signingKey, encryptionKey, trustedKeys };
}

/** Writes `<dataDir>/node.json` atomically with mode 0600. */
export async function saveNodeIdentity(dataDir: string, identity: NodeIdentity): Promise<void> {
  const file = {
    version: 1,
    nodeId: identity.nodeId,
    name: identity.name,
    enrolledAt: identity.enrolledAt,
    signingKey: identity.signingKey,
    encryptionKey: identity.encryptionKey,
    trustedKeys: identity.trustedKeys,
  };
  await writeFileAtomic(identityPath(dataDir), `${JSON.stringify(file, null, 2)}\n`);
}
