import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { ListQuery } from '../../platform/http/list-query.js';
import type { AuditScope } from './audit-scope.js';
import type { AuditFilter } from './dto/audit-filter.dto.js';
import { AuditEventEntity } from './entities/audit-event.entity.js';
import { isUuid } from '../../platform/http/input.js';
import { CHANGE_LOCK_KEY } from '../../platform/db/locks.js';
import { escapeLike } from '../../platform/db/query-helpers.js';

export type AuditSortField = 'seq' | 'occurredAt';

/** Arbitrary but fixed: every writer of the chain, in every replica, takes this lock. */
export const AUDIT_CHAIN_LOCK_KEY = CHANGE_LOCK_KEY;

/** A row about to be appended, hash included. */
export interface NewAuditEvent {
  occurredAt: Date;
  actorType: string;
  actorId: string;
  actorDisplay: string | null;
  tenantId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  prevHash: string | null;
  hash: string;
}

/**
 * Every query of the audit trail. Reads take the caller's scope first (the audit context's form
 * of "tenantId is the first parameter": a scope may span tenants and platform events). Writes
 * take the EntityManager of the transaction they belong to.
 */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  /**
   * Serialises appends until the end of `manager`'s transaction and answers its isolation
   * level: the chain head read next must be the latest committed one.
   */
  async lockChain(manager: EntityManager): Promise<string> {
    const rows = await manager.query<{ isolation: string }[]>(
      `SELECT current_setting('transaction_isolation') AS isolation, pg_advisory_xact_lock($1)::text AS locked`,
      [AUDIT_CHAIN_LOCK_KEY],
    );
    return rows[0]?.isolation ?? '';
  }

  async headHash(manager: EntityManager): Promise<string | null> {
    const rows = await manager.query<{ hash: string }[]>(
      'SELECT "hash" FROM "audit_events" ORDER BY "seq" DESC LIMIT 1',
    );
    return rows[0]?.hash ?? null;
  }

  async append(manager: EntityManager, event: NewAuditEvent): Promise<void> {
    await manager.query(
      `INSERT INTO "audit_events" ("occurred_at", "actor_type", "actor_id", "actor_display", "tenant_id",
         "action", "target_type", "target_id", "before", "after", "ip", "user_agent", "request_id",
         "prev_hash", "hash")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15)`,
      [
        event.occurredAt.toISOString(),
        event.actorType,
        event.actorId,
        event.actorDisplay,
        event.tenantId,
        event.action,
        event.targetType,
        event.targetId,
        event.before === null ? null : JSON.stringify(event.before),
        event.after === null ? null : JSON.stringify(event.after),
        event.ip,
        event.userAgent,
        event.requestId,
        event.prevHash,
        event.hash,
      ],
    );
  }

  async list(
    scope: AuditScope,
    filter: AuditFilter,
    query: ListQuery<AuditSortField>,
  ): Promise<{ items: AuditEventEntity[]; total: number }> {
    const [items, total] = await this.scoped(scope, filter)
      .orderBy(`e.${query.sortField}`, query.sortOrder)
      .addOrderBy('e.seq', query.sortOrder)
      .offset(query.offset)
      .limit(query.limit)
      .getManyAndCount();
    return { items, total };
  }

  /** An id of any shape other than a uuid cannot exist, so it is simply not found. */
  findById(scope: AuditScope, id: string): Promise<AuditEventEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.scoped(scope, {}).andWhere('e.id = :id', { id }).getOne();
  }

  /** The newest event's seq, or null for an empty trail. */
  async headSeq(): Promise<string | null> {
    const rows = await this.events.query<{ seq: string | null }[]>(
      'SELECT max("seq")::text AS seq FROM "audit_events"',
    );
    return rows[0]?.seq ?? null;
  }

  /** Up to `limit` events with afterSeq < seq <= upToSeq, in chain order, whatever their tenant. */
  chainBatch(afterSeq: string, upToSeq: string, limit: number): Promise<AuditEventEntity[]> {
    return this.events
      .createQueryBuilder('e')
      .where('e.seq > :afterSeq AND e.seq <= :upToSeq', { afterSeq, upToSeq })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Like chainBatch, within a scope and filter: the pages of an export. */
  scopedBatch(
    scope: AuditScope,
    filter: AuditFilter,
    afterSeq: string,
    upToSeq: string,
    limit: number,
  ): Promise<AuditEventEntity[]> {
    return this.scoped(scope, filter)
      .andWhere('e.seq > :afterSeq AND e.seq <= :upToSeq', { afterSeq, upToSeq })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  private scoped(scope: AuditScope, filter: AuditFilter): SelectQueryBuilder<AuditEventEntity> {
    const qb = this.events.createQueryBuilder('e').where('TRUE');
    if (scope.tenants !== 'all') {
      const tenantIds = [...scope.tenants];
      // A tenant-scoped reader is never a platform reader, so platform events stay out.
      if (tenantIds.length === 0) qb.andWhere('FALSE');
      else qb.andWhere('e.tenantId IN (:...scopeTenantIds)', { scopeTenantIds: tenantIds });
    } else if (!scope.platform) {
      qb.andWhere('e.tenantId IS NOT NULL');
    }

    if (filter.ids !== undefined) {
      if (filter.ids.length === 0) qb.andWhere('FALSE');
      else qb.andWhere('e.id IN (:...ids)', { ids: filter.ids });
    }
    if (filter.tenantId === null) qb.andWhere('e.tenantId IS NULL');
    else if (filter.tenantId !== undefined)
      qb.andWhere('e.tenantId = :tenantId', { tenantId: filter.tenantId });
    if (filter.actorId !== undefined) qb.andWhere('e.actorId = :actorId', { actorId: filter.actorId });
    if (filter.actorType !== undefined)
      qb.andWhere('e.actorType = :actorType', { actorType: filter.actorType });
    if (filter.action !== undefined) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.actionPrefix !== undefined) {
      const pattern = `${escapeLike(filter.actionPrefix)}%`;
      qb.andWhere(`e.action LIKE :actionPrefix ESCAPE '\\'`, { actionPrefix: pattern });
    }
    if (filter.targetType !== undefined)
      qb.andWhere('e.targetType = :targetType', { targetType: filter.targetType });
    if (filter.targetId !== undefined) qb.andWhere('e.targetId = :targetId', { targetId: filter.targetId });
    if (filter.requestId !== undefined)
      qb.andWhere('e.requestId = :requestId', { requestId: filter.requestId });
    if (filter.from !== undefined) qb.andWhere('e.occurredAt >= :from', { from: filter.from.toISOString() });
    if (filter.to !== undefined) qb.andWhere('e.occurredAt < :to', { to: filter.to.toISOString() });
    return qb;
  }
}
