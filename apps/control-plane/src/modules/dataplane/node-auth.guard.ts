import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { bearerToken } from '../../platform/auth/admin-token.js';
import { LOGGER } from '../../platform/logging/logger.token.js';
import type { NodeRequest } from './current-node.decorator.js';
import { DataplaneErrors } from './dataplane.errors.js';
import { assertionNodeId, type AssertionFailure, verifyNodeAssertion } from './node-assertion.js';
import { NodesRepository } from './nodes.repository.js';

/**
 * Authenticates `/dataplane/v1/*` (except enroll) with a node assertion: a short-lived JWT the node
 * signs with the Ed25519 key it enrolled with, `kid` = its node id. The routes are `@Public()` for
 * the admin guard; this guard is theirs. An unknown or revoked node, or any flaw in the assertion,
 * is one 401; the reason goes to the log, the assertion never does.
 */
@Injectable()
export class NodeAuthGuard implements CanActivate {
  constructor(
    private readonly nodes: NodesRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & NodeRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) throw DataplaneErrors.assertionMissing();
    const nodeId = assertionNodeId(token);
    if (nodeId === undefined) return this.refuse('malformed');
    const node = await this.nodes.findById(nodeId);
    if (node === null) return this.refuse('unknown-node', nodeId);
    if (node.revokedAt !== null) return this.refuse('revoked-node', nodeId);
    const result = await verifyNodeAssertion(token, node.id, node.signingKey);
    if (!result.ok) return this.refuse(result.reason, nodeId);
    request.dataplaneNode = node;
    return true;
  }

  private refuse(reason: AssertionFailure | 'unknown-node' | 'revoked-node', nodeId?: string): never {
    this.logger.info({ nodeId, reason }, 'node assertion refused');
    throw DataplaneErrors.assertionRefused();
  }
}
