import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_TRAIL, type AuditTrail } from '../../platform/audit/audit-trail.js';
import type { Principal } from '../../platform/auth/principal.js';
import { Transactions } from '../../platform/db/transactions.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { ConfigPublisherReader } from '../config-publisher/config-publisher.reader.js';
import { DataplaneErrors } from './dataplane.errors.js';
import type { NodeResponse, NodeStatus, RolloutResponse } from './dto/node.dto.js';
import type { DataplaneNodeEntity } from './entities/dataplane-node.entity.js';
import { LIVE_WINDOW_MS, NodesRepository, type NodeSortField } from './nodes.repository.js';

/**
 * Nodes are platform-level: they serve every tenant, so a tenant's auditor must not see the fleet.
 * Only platform admins and auditors bound globally read them (the route lets any auditor through,
 * this decides).
 */
export function mayReadFleet(principal: Principal): boolean {
  return principal.globalRoles.includes('platform-admin') || principal.globalRoles.includes('auditor');
}

/** The data-plane fleet as admins see it: status, lag, rollout of a revision, revocation. */
@Injectable()
export class NodesService {
  constructor(
    private readonly nodes: NodesRepository,
    private readonly publisher: ConfigPublisherReader,
    private readonly transactions: Transactions,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  async list(
    principal: Principal,
    query: ListQuery<NodeSortField>,
  ): Promise<{ items: NodeResponse[]; total: number }> {
    if (!mayReadFleet(principal)) throw DataplaneErrors.fleetReadersOnly();
    const now = new Date();
    const [{ items, total }, current] = await Promise.all([
      this.nodes.list(query, now),
      this.publisher.currentRevision(),
    ]);
    return { items: items.map((node) => respondNode(node, current, now)), total };
  }

  async get(principal: Principal, id: string): Promise<NodeResponse> {
    if (!mayReadFleet(principal)) throw DataplaneErrors.fleetReadersOnly();
    const node = await this.nodes.findById(id);
    if (node === null) throw DataplaneErrors.nodeNotFound();
    return respondNode(node, await this.publisher.currentRevision(), new Date());
  }

  /** Revokes a node: its next assertion is refused. Revoking a revoked node changes nothing. */
  async revoke(id: string): Promise<NodeResponse> {
    const node = await this.nodes.findById(id);
    if (node === null) throw DataplaneErrors.nodeNotFound();
    const current = await this.publisher.currentRevision();
    const now = new Date();
    if (node.revokedAt !== null) return respondNode(node, current, now);
    const before = respondNode(node, current, now);
    node.revokedAt = now;
    return this.transactions.run(async (manager) => {
      const after = respondNode(await this.nodes.save(manager, node), current, now);
      await this.audit.record(
        { action: 'node.revoke', tenantId: null, targetType: 'node', targetId: node.id, before, after },
        manager,
      );
      return after;
    });
  }

  /**
   * How far a revision (default: the current one) has reached the live fleet. A node's `appliedAt`
   * is when it acknowledged its newest revision, so for a node already past `revision` the time
   * is an upper bound.
   */
  async rollout(principal: Principal, requested: number | undefined): Promise<RolloutResponse> {
    if (!mayReadFleet(principal)) throw DataplaneErrors.fleetReadersOnly();
    const current = await this.publisher.currentRevision();
    const revision = requested ?? current;
    if (revision > current) {
      throw AppError.validation([
        { field: 'revision', message: `revision must be a committed revision (0 to ${current})` },
      ]);
    }
    const now = new Date();
    const [committedAt, live] = await Promise.all([
      revision === 0 ? Promise.resolve(null) : this.publisher.committedAt(revision),
      this.nodes.live(new Date(now.getTime() - LIVE_WINDOW_MS)),
    ]);
    const applied = live.filter((node) => node.appliedRevision >= revision);
    let slowestMs: number | null = null;
    if (committedAt !== null) {
      for (const node of applied) {
        if (node.appliedAt === null) continue;
        const ms = Math.max(0, node.appliedAt.getTime() - committedAt.getTime());
        slowestMs = slowestMs === null ? ms : Math.max(slowestMs, ms);
      }
    }
    return {
      revision,
      committedAt: committedAt?.toISOString() ?? null,
      liveNodes: live.length,
      appliedNodes: applied.length,
      slowestMs,
      nodes: live.map((node) => ({
        id: node.id,
        name: node.name,
        appliedRevision: node.appliedRevision,
        appliedAt: node.appliedRevision >= revision ? (node.appliedAt?.toISOString() ?? null) : null,
      })),
    };
  }
}

export function nodeStatus(node: DataplaneNodeEntity, now: Date): NodeStatus {
  if (node.revokedAt !== null) return 'revoked';
  if (node.lastSeenAt !== null && now.getTime() - node.lastSeenAt.getTime() < LIVE_WINDOW_MS) return 'live';
  return 'stale';
}

export function respondNode(node: DataplaneNodeEntity, currentRevision: number, now: Date): NodeResponse {
  const status = nodeStatus(node, now);
  return {
    id: node.id,
    name: node.name,
    version: node.version,
    status,
    live: status === 'live',
    appliedRevision: node.appliedRevision,
    lagRevisions: Math.max(0, currentRevision - node.appliedRevision),
    appliedAt: node.appliedAt?.toISOString() ?? null,
    lastSeenAt: node.lastSeenAt?.toISOString() ?? null,
    remoteAddress: node.remoteAddress,
    enrolledAt: node.enrolledAt.toISOString(),
    revokedAt: node.revokedAt?.toISOString() ?? null,
  };
}
