import { setTimeout as delay } from 'node:timers/promises';
import type { UsageEvent } from '@portcullis/contracts';
import { UsageSendError } from '../metering/usage-shipper.js';
import type { ConfigStore } from '../snapshot/config-store.js';
import type { Logger } from '../telemetry/logger.js';
import type { DataPlaneMetrics } from '../telemetry/metrics.js';
import { createAssertionMinter, type AssertionMinter } from './assertion.js';
import { Backoff } from './backoff.js';
import { nextTrustedKeys, openConfigDocument, sameKeys } from './config-document.js';
import {
  ControlPlaneClient,
  ControlPlaneError,
  EnrollmentRefusedError,
  NodeUnauthorizedError,
} from './control-plane-client.js';
import { LastKnownGood } from './last-known-good.js';
import { missingFleetKeys, openNodeSecrets, type NodeSecrets } from './node-secrets.js';
import {
  generateNodeKeys,
  identityPath,
  loadNodeIdentity,
  saveNodeIdentity,
  type NodeIdentity,
} from './node-identity.js';

/** After this many stored deltas the node asks for a snapshot (`since=0`) and compacts. */
export const MAX_STORED_DELTAS = 200;
/** The last-contact time on disk is refreshed at most this often. */
const CONTACT_PERSIST_INTERVAL_MS = 60_000;

export interface ConfigSyncOptions {
  controlPlaneUrl: string;
  dataDir: string;
  nodeName: string;
  /** The data plane's version, sent at enrollment. */
  version: string;
  /** Needed only when the node has no identity yet. A secret: never logged. */
  enrollmentToken: string | undefined;
  pollWaitSeconds: number;
  store: ConfigStore;
  metrics: DataPlaneMetrics;
  logger: Logger;
  maxStoredDeltas?: number;
  now?: () => Date;
}

/** A problem that retrying cannot fix: the process should stop and say why. */
export class ConfigSyncFatalError extends Error {
  override readonly name = 'ConfigSyncFatalError';
}

class Stopped extends Error {
  override readonly name = 'Stopped';
}

type Source = 'control-plane' | 'disk';

/** Why a call failed, for the log: status and message, never what was sent or received. */
function failureOf(err: unknown): { status?: number; reason: string } {
  if (err instanceof ControlPlaneError) {
    return err.status === undefined ? { reason: err.message } : { status: err.status, reason: err.message };
  }
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return { reason: code === undefined ? err.message : `${code}: ${err.message}` };
  }
  return { reason: 'unknown error' };
}

/** The revisions a stored delta claims, read without verifying (used only to skip covered ones). */
function claimedRevision(jws: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    const revision = (payload as { revision?: unknown }).revision;
    return typeof revision === 'number' ? revision : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The data plane's side of config distribution (docs/decisions/0010-config-distribution.md):
 * enrolls the node if it has no identity, replays the last known good config from disk, fetches
 * the fleet secrets, then long-polls the control plane and applies every signed snapshot or delta
 * that verifies, validates and follows the revision in force. Refusals keep the current config and
 * are counted; network and server errors back off exponentially with jitter. Nothing the control
 * plane sends is logged.
 *
 * @example
 * const sync = new ConfigSyncClient({ controlPlaneUrl, dataDir, nodeName, version, enrollmentToken,
 *   pollWaitSeconds: 30, store, metrics, logger });
 * sync.run().catch((err) => { logger.fatal({ err }, 'config sync failed'); process.exit(1); });
 * process.once('SIGTERM', () => void sync.stop());
 */
export class ConfigSyncClient {
  readonly #options: ConfigSyncOptions;
  readonly #client: ControlPlaneClient;
  readonly #lastKnownGood: LastKnownGood;
  readonly #abort = new AbortController();
  readonly #backoff = new Backoff();
  readonly #now: () => Date;
  readonly #maxStoredDeltas: number;
  #identity: NodeIdentity | undefined;
  #mint: AssertionMinter | undefined;
  #secrets: NodeSecrets | undefined;
  #secretsWanted = true;
  #unauthorized = false;
  #contactPersistedAt = 0;
  #running: Promise<void> | undefined;

  constructor(options: ConfigSyncOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#maxStoredDeltas = options.maxStoredDeltas ?? MAX_STORED_DELTAS;
    this.#lastKnownGood = new LastKnownGood(options.dataDir);
    this.#client = new ControlPlaneClient({
      baseUrl: options.controlPlaneUrl,
      pollWaitSeconds: options.pollWaitSeconds,
      userAgent: `portcullis-data-plane/${options.version}`,
    });
  }

  /** The fleet secrets, once fetched; memory only. */
  get secrets(): NodeSecrets | undefined {
    return this.#secrets;
  }

  get nodeId(): string | undefined {
    return this.#identity?.nodeId;
  }

  /**
   * Sends usage events with this node's identity; fails (retriably) while the node is not
   * enrolled yet, so the shipper keeps them.
   */
  async sendUsage(events: readonly UsageEvent[]): Promise<void> {
    if (this.#mint === undefined) throw new UsageSendError('the node is not enrolled yet', true);
    await this.#client.postUsage(events, await this.#mint());
  }

  /**
   * Runs until {@link stop}. Resolves when stopped; rejects with {@link ConfigSyncFatalError} when
   * the node cannot go on (no identity and no enrollment token, a refused token, a broken
   * identity file).
   */
  run(): Promise<void> {
    this.#running ??= this.#run().catch((err: unknown) => {
      if (err instanceof Stopped) {
        return;
      }
      throw err;
    });
    return this.#running;
  }

  /** Stops polling (cutting a long-poll in flight) and closes the connections. */
  async stop(): Promise<void> {
    this.#abort.abort();
    try {
      await this.#running;
    } catch {
      // run()'s caller sees the failure.
    }
    await this.#client.close();
  }

  async #run(): Promise<void> {
    const { logger, dataDir } = this.#options;
    let identity: NodeIdentity | undefined;
    try {
      identity = await loadNodeIdentity(dataDir);
    } catch (err) {
      throw new ConfigSyncFatalError(err instanceof Error ? err.message : String(err));
    }
    if (identity === undefined) {
      identity = await this.#enroll();
      this.#identity = identity;
    } else {
      this.#identity = identity;
      logger.info({ nodeId: identity.nodeId }, 'node identity loaded');
      await this.#loadFromDisk();
    }
    this.#mint = createAssertionMinter(identity.nodeId, identity.signingKey);
    await this.#pollLoop();
  }

  async #enroll(): Promise<NodeIdentity> {
    const { logger, enrollmentToken, nodeName, version, dataDir } = this.#options;
    if (enrollmentToken === undefined) {
      throw new ConfigSyncFatalError(
        `DATA_PLANE_ENROLLMENT_TOKEN (or DATA_PLANE_ENROLLMENT_TOKEN_FILE) is required: this node has no identity ` +
          `in ${identityPath(dataDir)} yet; create a token with POST /api/v1/enrollment-tokens`,
      );
    }
    const keys = await generateNodeKeys();
    for (;;) {
      this.#throwIfStopped();
      try {
        const enrolled = await this.#client.enroll(
          {
            token: enrollmentToken,
            name: nodeName,
            version,
            signingKey: keys.signingPublicJwk,
            encryptionKey: keys.encryptionPublicJwk,
          },
          this.#abort.signal,
        );
        const identity: NodeIdentity = {
          nodeId: enrolled.nodeId,
          name: nodeName,
          enrolledAt: this.#now().toISOString(),
          signingKey: keys.signingKey,
          encryptionKey: keys.encryptionKey,
          trustedKeys: enrolled.trustedKeys,
        };
        await saveNodeIdentity(dataDir, identity);
        this.#backoff.reset();
        logger.info(
          {
            nodeId: identity.nodeId,
            name: nodeName,
            trustedKeyIds: identity.trustedKeys.map((key) => key.kid),
          },
          'node enrolled',
        );
        return identity;
      } catch (err) {
        this.#throwIfStopped();
        if (err instanceof EnrollmentRefusedError) {
          throw new ConfigSyncFatalError(
            `DATA_PLANE_ENROLLMENT_TOKEN was refused: ${err.message}. Enrollment tokens are used once and ` +
              'expire; create a new one with POST /api/v1/enrollment-tokens',
          );
        }
        const retryInMs = this.#backoff.next();
        logger.warn({ ...failureOf(err), retryInMs }, 'enrollment failed; retrying');
        await this.#sleep(retryInMs);
      }
    }
  }

  /** Verifies and replays `<data dir>/config/` so the node is ready before the control plane answers. */
  async #loadFromDisk(): Promise<void> {
    const { logger, store, metrics } = this.#options;
    let stored;
    try {
      stored = await this.#lastKnownGood.load();
    } catch (err) {
      logger.warn(
        { ...failureOf(err) },
        'the stored config could not be read; waiting for the control plane',
      );
      return;
    }
    if (stored.snapshot === undefined) {
      return;
    }
    if (!(await this.#accept(stored.snapshot, 'disk'))) {
      return;
    }
    const kept: string[] = [];
    for (const delta of stored.deltas) {
      const claimed = claimedRevision(delta);
      const current = store.current()?.revision ?? 0;
      // Left over from a crash between writing a new snapshot and clearing the deltas.
      if (claimed !== undefined && claimed <= current) {
        continue;
      }
      if (!(await this.#accept(delta, 'disk'))) {
        break;
      }
      kept.push(delta);
    }
    this.#lastKnownGood.adopt(kept);
    const bundle = store.current();
    if (bundle === undefined) {
      return;
    }
    const lastContact = stored.lastContactAt ?? new Date(bundle.issuedAt);
    store.markSynced(lastContact);
    metrics.configSynced(lastContact);
    logger.info(
      { revision: bundle.revision, deltas: kept.length, lastContactAt: lastContact.toISOString() },
      'config loaded from disk',
    );
  }

  async #pollLoop(): Promise<void> {
    const { logger, store } = this.#options;
    for (;;) {
      this.#throwIfStopped();
      // Not while backing off: the poll below says when the control plane is back.
      if (this.#secretsWanted && this.#backoff.failures === 0) {
        await this.#refreshSecrets();
      }
      const compact = this.#lastKnownGood.deltaCount >= this.#maxStoredDeltas;
      const since = compact ? 0 : (store.current()?.revision ?? 0);
      try {
        const result = await this.#client.pollConfig(since, await this.#assertion(), this.#abort.signal);
        this.#unauthorized = false;
        if (result.status === 'not-modified') {
          await this.#contact();
          this.#backoff.reset();
          continue;
        }
        if (await this.#accept(result.jws, 'control-plane')) {
          await this.#contact();
          this.#backoff.reset();
          continue;
        }
        await this.#sleep(this.#backoff.next());
      } catch (err) {
        this.#throwIfStopped();
        const retryInMs = this.#backoff.next();
        if (err instanceof NodeUnauthorizedError) {
          // Revoked (or a clock far off): keep serving what we have until it is stale.
          if (!this.#unauthorized) {
            logger.error(
              { nodeId: this.#identity?.nodeId, retryInMs },
              'the control plane refused this node (revoked?); serving the current config until it is stale',
            );
          }
          this.#unauthorized = true;
        } else {
          logger.warn({ ...failureOf(err), since, retryInMs }, 'config poll failed; retrying');
        }
        await this.#sleep(retryInMs);
      }
    }
  }

  /**
   * Verifies, validates, orders and swaps in one signed document; then persists it (when it came
   * from the control plane) and takes the signing keys it announces. False when it was refused.
   */
  async #accept(jws: string, source: Source): Promise<boolean> {
    const { logger, store, metrics } = this.#options;
    const identity = this.#requireIdentity();
    const startedAt = process.hrtime.bigint();
    const previous = store.current()?.revision;
    const doc = await openConfigDocument(jws, identity.trustedKeys, store.current(), this.#now());
    if (!doc.ok) {
      metrics.configRejected(doc.reason);
      logger.warn(
        { reason: doc.reason, detail: doc.message, source, currentRevision: previous },
        'config document refused; keeping the current config',
      );
      return false;
    }
    const swapped = store.replace(doc.bundle);
    if (swapped.status !== 'applied') {
      const reason = swapped.status === 'rejected' && swapped.reason === 'expired' ? 'expired' : 'schema';
      metrics.configRejected(reason);
      logger.warn(
        { reason, source, currentRevision: previous },
        'config document refused; keeping the current config',
      );
      return false;
    }
    const durationSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    metrics.configApplied(doc.kind, doc.bundle.revision, durationSeconds);

    if (source === 'control-plane') {
      try {
        if (doc.kind === 'snapshot') {
          await this.#lastKnownGood.saveSnapshot(jws);
        } else {
          await this.#lastKnownGood.appendDelta(jws);
        }
      } catch (err) {
        logger.error({ ...failureOf(err) }, 'the applied config could not be saved to disk');
      }
    }
    const trusted = nextTrustedKeys(identity.trustedKeys, doc);
    if (!sameKeys(trusted, identity.trustedKeys)) {
      this.#identity = { ...identity, trustedKeys: trusted };
      logger.info({ trustedKeyIds: trusted.map((key) => key.kid) }, 'trusted signing keys changed');
      try {
        await saveNodeIdentity(this.#options.dataDir, this.#identity);
      } catch (err) {
        logger.error({ ...failureOf(err) }, 'the trusted signing keys could not be saved to disk');
      }
    }
    logger.info(
      {
        kind: doc.kind,
        revision: doc.bundle.revision,
        previousRevision: previous,
        source,
        durationMs: Math.round(durationSeconds * 1e6) / 1e3,
        storedDeltas: this.#lastKnownGood.deltaCount,
      },
      'config applied',
    );

    const missing = missingFleetKeys(doc.bundle.providers, this.#secrets);
    if (missing.length > 0 && source === 'control-plane') {
      logger.info(
        { fleetKeyIds: missing },
        'the config names fleet keys this node lacks; fetching the secrets',
      );
      this.#secretsWanted = true;
    }
    return true;
  }

  async #refreshSecrets(): Promise<void> {
    const { logger, store } = this.#options;
    try {
      const jwe = await this.#client.secrets(await this.#assertion(), this.#abort.signal);
      this.#secrets = await openNodeSecrets(jwe, this.#requireIdentity().encryptionKey);
      this.#secretsWanted = false;
      const stillMissing = missingFleetKeys(store.current()?.providers ?? [], this.#secrets);
      logger.info(
        {
          fleetKeyIds: [...this.#secrets.fleetKeys.keys()],
          ...(stillMissing.length > 0 ? { stillMissing } : {}),
        },
        'fleet secrets loaded',
      );
    } catch (err) {
      this.#throwIfStopped();
      // Not fatal for config sync: retried before the next poll.
      logger.warn({ ...failureOf(err) }, 'fleet secrets could not be fetched; retrying before the next poll');
    }
  }

  async #contact(): Promise<void> {
    const at = this.#now();
    this.#options.store.markSynced(at);
    this.#options.metrics.configSynced(at);
    if (at.getTime() - this.#contactPersistedAt < CONTACT_PERSIST_INTERVAL_MS) {
      return;
    }
    this.#contactPersistedAt = at.getTime();
    try {
      await this.#lastKnownGood.saveContact(at);
    } catch (err) {
      this.#options.logger.warn({ ...failureOf(err) }, 'the last contact time could not be saved');
    }
  }

  #assertion(): Promise<string> {
    if (this.#mint === undefined) {
      throw new Error('no node identity yet');
    }
    return this.#mint();
  }

  #requireIdentity(): NodeIdentity {
    if (this.#identity === undefined) {
      throw new Error('no node identity yet');
    }
    return this.#identity;
  }

  #throwIfStopped(): void {
    if (this.#abort.signal.aborted) {
      throw new Stopped();
    }
  }

  async #sleep(ms: number): Promise<void> {
    try {
      await delay(ms, undefined, { signal: this.#abort.signal });
    } catch {
      throw new Stopped();
    }
  }
}
