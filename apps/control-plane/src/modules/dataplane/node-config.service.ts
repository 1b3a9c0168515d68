import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../platform/logging/logger.token.js';
import { ConfigPublisherReader, type SignedBundle } from '../config-publisher/config-publisher.reader.js';
import { DataplaneErrors } from './dataplane.errors.js';
import type { DataplaneNodeEntity } from './entities/dataplane-node.entity.js';
import { NodesRepository } from './nodes.repository.js';

export const DEFAULT_WAIT_S = 30;
export const MAX_WAIT_S = 60;

export interface ConfigPoll {
  node: DataplaneNodeEntity;
  /** The revision the node has applied (0: none). */
  since: number;
  waitSeconds: number;
  remoteAddress: string | null;
  /** Aborts the wait (the node went away). */
  signal: AbortSignal;
}

/** A poll's answer: a signed bundle to apply, or nothing newer than `since` within the wait. */
export type ConfigPollResult =
  { kind: 'bundle'; bundle: SignedBundle } | { kind: 'unchanged'; revision: number };

/**
 * What enrolled nodes fetch: their sealed fleet secrets and, by long-poll, the signed config that
 * brings them to the current revision (docs/decisions/0010-config-distribution.md).
 */
@Injectable()
export class NodeConfigService {
  constructor(
    private readonly nodes: NodesRepository,
    private readonly publisher: ConfigPublisherReader,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async secrets(node: DataplaneNodeEntity): Promise<string> {
    return this.fromPublisher('secrets', () => this.publisher.sealedSecretsFor(node.encryptionKey));
  }

  /**
   * Records the node's acknowledgement (`since` is what it has applied) and last contact in one
   * UPDATE, then answers with a bundle as soon as the current revision differs from `since`, or
   * with "unchanged" after the wait.
   */
  async poll(poll: ConfigPoll): Promise<ConfigPollResult> {
    const { node, since } = poll;
    const current = await this.fromPublisher('current revision', () => this.publisher.currentRevision());
    const recorded = await this.nodes.recordPoll({
      nodeId: node.id,
      since,
      current,
      remoteAddress: poll.remoteAddress,
      at: new Date(),
    });
    // Revoked between the guard and here.
    if (!recorded) throw DataplaneErrors.assertionRefused();

    // Behind: the bundle at once. Ahead (it saw a database that has since been restored): a
    // snapshot at once too, rather than waiting for revisions that will be numbered again. A node
    // with nothing (since 0) gets a snapshot at once, even of revision 0.
    if (since === current && since !== 0) {
      const latest = await this.fromPublisher('wait', () =>
        this.publisher.waitForRevision(since, poll.waitSeconds * 1000, poll.signal),
      );
      if (latest === since || poll.signal.aborted) return { kind: 'unchanged', revision: latest };
      // The wait may have been long: a node revoked meanwhile gets nothing more.
      const fresh = await this.nodes.findById(node.id);
      if (fresh === null || fresh.revokedAt !== null) throw DataplaneErrors.assertionRefused();
    }
    const bundle = await this.fromPublisher('bundle', () => this.publisher.signedBundle(since));
    return { kind: 'bundle', bundle };
  }

  /** A publisher failure is the node's cue to retry later (503), and the operator's to look (logged). */
  private async fromPublisher<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.logger.error({ err: error, what }, 'the config publisher failed a data-plane request');
      throw DataplaneErrors.publisherUnavailable();
    }
  }
}
