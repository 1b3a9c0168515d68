import { Inject, Injectable } from '@nestjs/common';
import { computeKeyId, type PublicJwk } from '@portcullis/signing';
import type { Logger } from 'pino';
import { AUDIT_TRAIL, type AuditTrail } from '../../platform/audit/audit-trail.js';
import { Settings } from '../../platform/config/settings.js';
import { Transactions } from '../../platform/db/transactions.js';
import { LOGGER } from '../../platform/logging/logger.token.js';
import { DataplaneErrors } from './dataplane.errors.js';
import type { EnrollNodeDto, EnrollNodeResponse } from './dto/enroll.dto.js';
import { EnrollmentTokensRepository } from './enrollment-tokens.repository.js';
import { ENROLLMENT_TOKEN_PREFIX, tokenStatus } from './enrollment-tokens.service.js';
import { NodesRepository } from './nodes.repository.js';
import { TrustedKeysSource } from './trusted-keys.source.js';

/**
 * Enrollment: a node trades a one-use token for a node id, registering the public halves of its
 * keys, and learns which control-plane keys to trust (docs/decisions/0010-config-distribution.md).
 */
@Injectable()
export class NodeEnrollmentService {
  constructor(
    private readonly tokens: EnrollmentTokensRepository,
    private readonly nodes: NodesRepository,
    private readonly trustedKeys: TrustedKeysSource,
    private readonly settings: Settings,
    private readonly transactions: Transactions,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async enroll(input: EnrollNodeDto, remoteAddress: string | null): Promise<EnrollNodeResponse> {
    const tokenHash = this.settings.secretKeys.hashToken(input.token);
    // A bad token is refused before the publisher is asked anything; the check that counts is the
    // one under the row lock below.
    const candidate = input.token.startsWith(ENROLLMENT_TOKEN_PREFIX)
      ? await this.tokens.findByHash(tokenHash)
      : null;
    if (candidate === null || tokenStatus(candidate, new Date()) !== 'active') {
      throw DataplaneErrors.enrollmentRefused();
    }
    // Before the transaction: a node that cannot be told whom to trust is not enrolled, and its
    // token stays usable for the retry.
    const trustedKeys = await this.loadTrustedKeys();
    const signingKey: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: input.signingKey.x };
    const signingKeyId = await computeKeyId(signingKey);

    const nodeId = await this.transactions.run(async (manager) => {
      const now = new Date();
      const token = await this.tokens.lockByHash(manager, tokenHash);
      if (token === null || tokenStatus(token, now) !== 'active') throw DataplaneErrors.enrollmentRefused();
      const node = await this.nodes.insert(manager, {
        name: input.name,
        version: input.version,
        signingKey,
        encryptionKey: { kty: 'OKP', crv: 'X25519', x: input.encryptionKey.x },
        lastSeenAt: null,
        appliedRevision: 0,
        appliedAt: null,
        revokedAt: null,
        remoteAddress,
      });
      token.usedAt = now;
      token.usedByNodeId = node.id;
      await this.tokens.save(manager, token);
      await this.audit.record(
        {
          action: 'node.enroll',
          tenantId: null,
          targetType: 'node',
          targetId: node.id,
          actor: { type: 'node', id: node.id, display: node.name },
          after: {
            id: node.id,
            name: node.name,
            version: node.version,
            signingKeyId,
            // The enrollment token's record (the trail redacts any key that says "token").
            enrolledWith: { id: token.id, prefix: token.prefix },
          },
        },
        manager,
      );
      return node.id;
    });
    this.logger.info({ nodeId, name: input.name, version: input.version }, 'data-plane node enrolled');
    return { nodeId, trustedKeys };
  }

  private async loadTrustedKeys(): Promise<PublicJwk[]> {
    let keys: PublicJwk[];
    try {
      keys = await this.trustedKeys.current();
    } catch (error) {
      this.logger.error({ err: error }, 'enrollment: the publisher could not list its trusted keys');
      throw DataplaneErrors.publisherUnavailable();
    }
    if (keys.length === 0) {
      this.logger.error('enrollment: the publisher lists no trusted keys');
      throw DataplaneErrors.publisherUnavailable();
    }
    return keys;
  }
}
