import { decryptSecret, encryptSecret } from '@portcullis/signing';
import type { EntityManager } from 'typeorm';
import { FleetSecretEntity } from './entities/fleet-secret.entity.js';
import { SigningKeyEntity } from './entities/signing-key.entity.js';

export interface PublisherRekeyReport {
  rekeyed: number;
  current: number;
  /** Records under neither key, as `signing-key:<kid>` or `fleet-secret:<name>`. */
  unreadable: string[];
}

function tryOpen(envelope: string, key: Uint8Array, aad: string): string | undefined {
  try {
    return decryptSecret(envelope, key, aad);
  } catch {
    return undefined;
  }
}

/** Re-seals the bundle-signing keys and the fleet secrets under `newKey`; run inside one transaction. */
export async function rekeyPublisherSecrets(
  manager: EntityManager,
  oldKey: Uint8Array,
  newKey: Uint8Array,
): Promise<PublisherRekeyReport> {
  const report: PublisherRekeyReport = { rekeyed: 0, current: 0, unreadable: [] };
  const reseal = (envelope: string, aad: string, label: string): string | undefined => {
    if (tryOpen(envelope, newKey, aad) !== undefined) {
      report.current += 1;
      return undefined;
    }
    const plaintext = tryOpen(envelope, oldKey, aad);
    if (plaintext === undefined) {
      report.unreadable.push(label);
      return undefined;
    }
    report.rekeyed += 1;
    return encryptSecret(plaintext, newKey, aad);
  };
  const signingKeys = manager.getRepository(SigningKeyEntity);
  for (const row of await signingKeys.find()) {
    const sealed = reseal(row.privateKey, `signing-key:${row.kid}`, `signing-key:${row.kid}`);
    if (sealed !== undefined) await signingKeys.update({ kid: row.kid }, { privateKey: sealed });
  }
  const secrets = manager.getRepository(FleetSecretEntity);
  for (const row of await secrets.find()) {
    const sealed = reseal(row.sealed, `fleet-secret:${row.name}:${row.kid}`, `fleet-secret:${row.name}`);
    if (sealed !== undefined) await secrets.update({ name: row.name }, { sealed });
  }
  return report;
}
