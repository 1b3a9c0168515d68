import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { CHANGE_LOCK_KEY } from '../../platform/db/locks.js';
import type { ConfigChange } from '../../platform/revisions/config-revisions.js';
import { ConfigChangeEntity } from './entities/config-change.entity.js';

/** The PostgreSQL NOTIFY channel on which committed revisions are announced. */
export const REVISION_CHANNEL = 'portcullis_config';

@Injectable()
export class ChangeLogRepository {
  constructor(
    @InjectRepository(ConfigChangeEntity) private readonly changes: Repository<ConfigChangeEntity>,
  ) {}

  /**
   * Appends the next revision under the shared change lock, held until the transaction ends, so
   * revisions commit in the order they are numbered.
   */
  async append(manager: EntityManager, change: ConfigChange): Promise<number> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK_KEY]);
    const rows = await manager.query<{ next: string }[]>(
      'SELECT (COALESCE(MAX(revision), 0) + 1)::text AS next FROM config_changes',
    );
    const revision = rows[0]?.next ?? '1';
    const { relatedIds, ...rest } = change;
    await manager.insert(ConfigChangeEntity, {
      revision,
      ...rest,
      relatedIds: relatedIds === undefined ? null : [...relatedIds],
    });
    // Delivered to LISTENers when (and only if) the transaction commits.
    await manager.query(`SELECT pg_notify('${REVISION_CHANNEL}', $1)`, [revision]);
    return Number(revision);
  }

  async committedAt(revision: number): Promise<Date | null> {
    if (!Number.isSafeInteger(revision) || revision < 1) return null;
    const row = await this.changes.findOneBy({ revision: String(revision) });
    return row?.occurredAt ?? null;
  }

  async current(): Promise<{ revision: number; occurredAt: Date | null }> {
    const latest = await this.changes.find({ order: { revision: 'DESC' }, take: 1 });
    const row = latest[0];
    return { revision: row ? Number(row.revision) : 0, occurredAt: row?.occurredAt ?? null };
  }

  async since(
    revision: number,
    limit: number,
    tenantIds: readonly string[] | 'all',
  ): Promise<{ items: ConfigChangeEntity[]; total: number }> {
    const builder = this.changes
      .createQueryBuilder('c')
      .where('c.revision > :revision', { revision: String(revision) });
    if (tenantIds !== 'all') {
      if (tenantIds.length === 0) builder.andWhere('false');
      else builder.andWhere('c.tenant_id IN (:...tenantIds)', { tenantIds });
    }
    const [items, total] = await builder.orderBy('c.revision', 'ASC').take(limit).getManyAndCount();
    return { items, total };
  }
}
