import type { EntityManager } from 'typeorm';
import { ProviderEntity } from './entities/provider.entity.js';
import { openCredentials, type ProviderCredentials, sealCredentials } from './provider-credentials.js';

export interface RekeyReport {
  /** Re-encrypted from the old key to the new one. */
  rekeyed: number;
  /** Already under the new key (a re-run after an interruption). */
  current: number;
  /** Under neither key: left untouched. */
  unreadable: string[];
}

function tryOpen(envelope: string, id: string, key: Uint8Array): ProviderCredentials | undefined {
  try {
    return openCredentials(envelope, id, key);
  } catch {
    return undefined;
  }
}

/** Re-seals every provider's credentials under `newKey`; run it inside one transaction. */
export async function rekeyProviders(
  manager: EntityManager,
  oldKey: Uint8Array,
  newKey: Uint8Array,
): Promise<RekeyReport> {
  const repo = manager.getRepository(ProviderEntity);
  const report: RekeyReport = { rekeyed: 0, current: 0, unreadable: [] };
  for (const provider of await repo.find({ order: { createdAt: 'ASC' } })) {
    if (provider.credentials === null) continue;
    if (tryOpen(provider.credentials, provider.id, newKey) !== undefined) {
      report.current += 1;
      continue;
    }
    const credentials = tryOpen(provider.credentials, provider.id, oldKey);
    if (credentials === undefined) {
      report.unreadable.push(provider.id);
      continue;
    }
    // update() leaves updated_at alone: re-encryption is not a change of the provider.
    await repo.update(
      { id: provider.id },
      { credentials: sealCredentials(credentials, provider.id, newKey), updatedAt: provider.updatedAt },
    );
    report.rekeyed += 1;
  }
  return report;
}
