import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { escapeLike, listPage } from '../../platform/db/query-helpers.js';
import { isUuid } from '../../platform/http/input.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { DataplaneNodeEntity } from './entities/dataplane-node.entity.js';

export type NodeSortField = 'name' | 'enrolledAt' | 'lastSeenAt' | 'appliedRevision';

/** A node is live when it polled within this window (decision 0010). */
export const LIVE_WINDOW_MS = 90_000;

/** What a config poll records about the node that made it. */
export interface NodePoll {
  nodeId: string;
  /** The revision the node says it has applied. */
  since: number;
  /** The current revision: claims beyond it (a restored, older database) are not recorded. */
  current: number;
  remoteAddress: string | null;
  at: Date;
}

/** Whether a poll's `since` ($2) becomes the applied revision, given the current one ($3). */
const ADVANCES = `($2::bigint <= $3::bigint AND ($2::bigint > "applied_revision" OR "applied_revision" > $3::bigint))`;

/** Nodes are platform-level: no tenant scope (platform admins and global auditors only). */
@Injectable()
export class NodesRepository {
  constructor(
    @InjectRepository(DataplaneNodeEntity) private readonly nodes: Repository<DataplaneNodeEntity>,
  ) {}

  async list(
    query: ListQuery<NodeSortField>,
    now: Date,
  ): Promise<{ items: DataplaneNodeEntity[]; total: number }> {
    const builder = this.nodes.createQueryBuilder('n').where('true');
    const { status, q } = query.filter;
    const liveSince = new Date(now.getTime() - LIVE_WINDOW_MS);
    if (status === 'revoked') builder.andWhere('n.revoked_at IS NOT NULL');
    else if (status === 'live')
      builder.andWhere('n.revoked_at IS NULL AND n.last_seen_at > :liveSince', { liveSince });
    else if (status === 'stale')
      builder.andWhere('n.revoked_at IS NULL AND (n.last_seen_at IS NULL OR n.last_seen_at <= :liveSince)', {
        liveSince,
      });
    if (typeof q === 'string' && q.trim() !== '')
      builder.andWhere("n.name ILIKE :q ESCAPE '\\'", { q: `%${escapeLike(q.trim())}%` });
    return listPage(builder, 'n', query, 'NULLS LAST');
  }

  findById(id: string): Promise<DataplaneNodeEntity | null> {
    return isUuid(id) ? this.nodes.findOneBy({ id }) : Promise.resolve(null);
  }

  /** The nodes seen since `liveSince` and not revoked. */
  live(liveSince: Date): Promise<DataplaneNodeEntity[]> {
    return this.nodes
      .createQueryBuilder('n')
      .where('n.revoked_at IS NULL AND n.last_seen_at > :liveSince', { liveSince })
      .orderBy('n.name', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .getMany();
  }

  insert(manager: EntityManager, fields: Partial<DataplaneNodeEntity>): Promise<DataplaneNodeEntity> {
    const nodes = manager.getRepository(DataplaneNodeEntity);
    return nodes.save(nodes.create(fields));
  }

  save(manager: EntityManager, node: DataplaneNodeEntity): Promise<DataplaneNodeEntity> {
    return manager.getRepository(DataplaneNodeEntity).save(node);
  }

  /**
   * Records a poll in one statement: last seen and address always; the applied revision only when
   * it moves forward (concurrent polls never move it back), or when the stored one is beyond the
   * current revision (the database was restored). False when the node is gone or revoked.
   */
  async recordPoll(poll: NodePoll): Promise<boolean> {
    const result: unknown = await this.nodes.query(
      `UPDATE "dataplane_nodes" SET
          "last_seen_at" = $4::timestamptz,
          "remote_address" = $5,
          "applied_revision" = CASE WHEN ${ADVANCES} THEN $2::bigint ELSE "applied_revision" END,
          "applied_at" = CASE WHEN ${ADVANCES} THEN $4::timestamptz ELSE "applied_at" END
        WHERE "id" = $1 AND "revoked_at" IS NULL`,
      [poll.nodeId, poll.since, poll.current, poll.at, poll.remoteAddress],
    );
    return Array.isArray(result) && typeof result[1] === 'number' && result[1] > 0;
  }
}
