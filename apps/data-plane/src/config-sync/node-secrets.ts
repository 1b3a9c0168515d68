import { openSealed, type EncryptionPrivateJwk } from '@portcullis/signing';
import { z } from 'zod';

const key32 = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes, base64url')
  .transform((value) => Buffer.from(value, 'base64url'));

const sealedSecretsSchema = z.object({
  fleetKeys: z.array(z.object({ kid: z.string().min(1).max(128), key: key32 })).min(1),
  apiKeyHashing: z.object({ key: key32 }),
});

/**
 * The fleet secrets every node shares (decision 0010). In memory only: never written to disk in
 * plaintext, never logged (only the fleet key ids are).
 */
export interface NodeSecrets {
  /** Fleet keys by kid: they open provider credentials sealed in bundles (`openValue`). */
  readonly fleetKeys: ReadonlyMap<string, Buffer>;
  /** The HMAC-SHA-256 key API keys are hashed with before the bundle's key index is searched. */
  readonly apiKeyHashing: Buffer;
}

export class SecretsError extends Error {
  override readonly name = 'SecretsError';
}

/**
 * Opens the JWE from `GET /dataplane/v1/secrets` with the node's X25519 key.
 *
 * @throws {SecretsError} when it was not sealed for this node or does not hold the expected keys.
 */
export async function openNodeSecrets(
  jwe: string,
  encryptionKey: EncryptionPrivateJwk,
): Promise<NodeSecrets> {
  let payload: unknown;
  try {
    payload = await openSealed(jwe, encryptionKey);
  } catch {
    throw new SecretsError('the fleet secrets could not be opened with this node’s encryption key');
  }
  const parsed = sealedSecretsSchema.safeParse(payload);
  if (!parsed.success) {
    throw new SecretsError('the fleet secrets are not {fleetKeys:[{kid,key}], apiKeyHashing:{key}}');
  }
  return {
    fleetKeys: new Map(parsed.data.fleetKeys.map((entry) => [entry.kid, entry.key])),
    apiKeyHashing: parsed.data.apiKeyHashing.key,
  };
}

/** The fleet key ids a bundle's sealed provider credentials name that `secrets` lacks. */
export function missingFleetKeys(
  providers: readonly { credentials: { kid: string } | null }[],
  secrets: NodeSecrets | undefined,
): string[] {
  const missing = new Set<string>();
  for (const provider of providers) {
    const kid = provider.credentials?.kid;
    if (kid !== undefined && secrets?.fleetKeys.has(kid) !== true) {
      missing.add(kid);
    }
  }
  return [...missing];
}
