import { Injectable } from '@nestjs/common';
import type { EncryptionPublicJwk, PublicJwk } from '@portcullis/signing';
import { BundlePublisher, type SignedBundle } from './bundle-publisher.js';
import { ChangeLogRepository } from './change-log.repository.js';
import { FleetSecretsService } from './fleet-secrets.service.js';
import { RevisionWatcher } from './revision-watcher.js';
import { SigningKeysService } from './signing-keys.service.js';

export type { SignedBundle } from './bundle-publisher.js';

/**
 * PUBLIC: what the data-plane endpoints (modules/dataplane) need from the publisher. See
 * docs/decisions/0010-config-distribution.md for the protocol.
 */
@Injectable()
export class ConfigPublisherReader {
  constructor(
    private readonly log: ChangeLogRepository,
    private readonly signingKeys: SigningKeysService,
    private readonly fleet: FleetSecretsService,
    private readonly watcher: RevisionWatcher,
    private readonly publisher: BundlePublisher,
  ) {}

  /** The control plane's bundle-verification keys (active, next, recently retired). */
  trustedKeys(): Promise<PublicJwk[]> {
    return this.signingKeys.announcedKeys();
  }

  /** The fleet secrets (fleet keys, API-key hashing key) sealed to a node's X25519 key. */
  sealedSecretsFor(recipient: EncryptionPublicJwk): Promise<string> {
    return this.fleet.sealedFor(recipient);
  }

  currentRevision(): Promise<number> {
    return this.watcher.current();
  }

  /** When revision `revision` was committed (null when unknown). */
  committedAt(revision: number): Promise<Date | null> {
    return this.log.committedAt(revision);
  }

  /**
   * Resolves with the current revision as soon as it is greater than `after`, or when `timeoutMs`
   * pass or `signal` aborts (then possibly still equal to `after`).
   */
  waitForRevision(after: number, timeoutMs: number, signal: AbortSignal): Promise<number> {
    return this.watcher.waitFor(after, timeoutMs, signal);
  }

  /** The signed document that brings a node at revision `since` to the current revision. */
  signedBundle(since: number): Promise<SignedBundle> {
    return this.publisher.signedBundle(since);
  }
}
