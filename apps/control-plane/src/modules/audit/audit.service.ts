import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuditActor, AuditEntry, AuditTrail } from '../../platform/audit/audit-trail.js';
import type { Principal } from '../../platform/auth/principal.js';
import { currentRequestContext } from '../../platform/context/request-context.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { auditEventHash, type AuditHashInput } from './audit-hash.js';
import { storableText, toAuditPayload } from './audit-payload.js';
import { AuditErrors } from './audit.errors.js';
import { AuditRepository, type AuditSortField } from './audit.repository.js';
import { auditScope, inAuditScope, isGlobalAuditor } from './audit-scope.js';
import { AuditEventResponse } from './dto/audit-event.response.js';
import type { AuditFilter } from './dto/audit-filter.dto.js';
import type { VerifyAuditResponse } from './dto/verify-audit.response.js';
import type { AuditEventEntity } from './entities/audit-event.entity.js';
import { isUuid } from '../../platform/http/input.js';

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: 'system' };

/** Events read per query when verifying or exporting: the trail is never loaded whole. */
export const AUDIT_BATCH_SIZE = 1000;

type EventContent = Omit<AuditHashInput, 'prevHash' | 'occurredAt'>;

/**
 * The audit trail: appends hash-chained events (the AuditTrail port every module injects through
 * AUDIT_TRAIL), and reads, verifies and exports them for auditors.
 */
@Injectable()
export class AuditService implements AuditTrail {
  /** Events per query when verifying or exporting (tests lower it to cross batch boundaries). */
  batchSize = AUDIT_BATCH_SIZE;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AuditRepository,
  ) {}

  /**
   * Appends one event in `manager`'s transaction (or a transaction of its own). Appends are
   * serialised by a transaction-scoped advisory lock so that each event links to the one
   * committed before it; the lock is held until that transaction ends, so record last.
   */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const content = this.contentOf(entry);
    const append = async (m: EntityManager): Promise<void> => {
      const isolation = await this.repository.lockChain(m);
      if (isolation !== 'read committed') {
        // Under a snapshot older than the lock, the head read next could be stale and fork the chain.
        throw new Error(`audit events must be recorded in a READ COMMITTED transaction, not ${isolation}`);
      }
      const prevHash = await this.repository.headHash(m);
      const occurredAt = new Date();
      const hash = auditEventHash({ ...content, prevHash, occurredAt });
      await this.repository.append(m, {
        occurredAt,
        actorType: content.actor.type,
        actorId: content.actor.id,
        actorDisplay: content.actor.display,
        tenantId: content.tenantId,
        action: content.action,
        targetType: content.targetType,
        targetId: content.targetId,
        before: content.before,
        after: content.after,
        ip: content.ip,
        userAgent: content.userAgent,
        requestId: content.requestId,
        prevHash,
        hash,
      });
    };
    if (manager?.queryRunner?.isTransactionActive === true) await append(manager);
    else await (manager ?? this.dataSource.manager).transaction(append);
  }

  async list(
    principal: Principal,
    filter: AuditFilter,
    query: ListQuery<AuditSortField>,
  ): Promise<{ items: AuditEventResponse[]; total: number }> {
    const { items, total } = await this.repository.list(auditScope(principal), filter, query);
    return { items: items.map((event) => AuditEventResponse.from(event)), total };
  }

  async get(principal: Principal, id: string): Promise<AuditEventResponse> {
    const event = await this.repository.findById(auditScope(principal), id);
    if (event === null) throw AuditErrors.notFound();
    return AuditEventResponse.from(event);
  }

  /** Verifies the whole chain for a platform admin or global auditor, and records that it did. */
  async verify(principal: Principal): Promise<VerifyAuditResponse> {
    if (!isGlobalAuditor(principal)) throw AuditErrors.verifyForbidden();
    const result = await this.verifyChain();
    await this.record({
      action: 'audit.verify',
      tenantId: null,
      targetType: 'audit-trail',
      targetId: null,
      after: result,
    });
    return result;
  }

  /**
   * Walks the chain in seq order up to the head as it is now, recomputing every hash and
   * checking that each event links to the one before it (the first to null).
   */
  async verifyChain(): Promise<VerifyAuditResponse> {
    const head = await this.repository.headSeq();
    let checked = 0;
    let previous: AuditEventEntity | null = null;
    if (head !== null) {
      let afterSeq = '0';
      for (;;) {
        const batch = await this.repository.chainBatch(afterSeq, head, this.batchSize);
        for (const event of batch) {
          const expected = auditEventHash(hashInputOf(event));
          if (expected !== event.hash) return broken(event, checked, 'hash mismatch');
          if (event.prevHash !== (previous?.hash ?? null)) return broken(event, checked, 'broken link');
          previous = event;
          checked++;
        }
        const last = batch.at(-1);
        if (last === undefined || batch.length < this.batchSize) break;
        afterSeq = last.seq;
      }
    }
    return {
      ok: true,
      checked,
      lastSeq: previous === null ? null : Number(previous.seq),
      lastHash: previous?.hash ?? null,
    };
  }

  /**
   * The events of a list filter in seq order, one NDJSON line each, read in batches. Scope and
   * head are fixed before the first line, so an export is a consistent prefix of the trail.
   */
  async export(principal: Principal, filter: AuditFilter): Promise<AsyncIterable<string>> {
    const scope = auditScope(principal);
    const tenantId =
      typeof filter.tenantId === 'string' && inAuditScope(scope, filter.tenantId) ? filter.tenantId : null;
    await this.record({
      action: 'audit.export',
      tenantId,
      targetType: 'audit-trail',
      targetId: null,
      after: { filter },
    });
    const head = await this.repository.headSeq();
    const { repository, batchSize } = this;
    return (async function* lines(): AsyncGenerator<string> {
      if (head === null) return;
      let afterSeq = '0';
      for (;;) {
        const batch = await repository.scopedBatch(scope, filter, afterSeq, head, batchSize);
        for (const event of batch) yield `${JSON.stringify(AuditEventResponse.from(event))}\n`;
        const last = batch.at(-1);
        if (last === undefined || batch.length < batchSize) return;
        afterSeq = last.seq;
      }
    })();
  }

  /** Who, from where and what, as it will be stored and hashed. */
  private contentOf(entry: AuditEntry): EventContent {
    if (entry.tenantId !== null && !isUuid(entry.tenantId)) {
      throw new TypeError(`audit entry ${entry.action}: tenantId must be a uuid or null`);
    }
    if (entry.action.trim() === '' || entry.targetType.trim() === '') {
      throw new TypeError('audit entry: action and targetType must not be empty');
    }
    const context = currentRequestContext();
    const actor = entry.actor ?? context?.principal?.actor ?? SYSTEM_ACTOR;
    return {
      actor: {
        type: actor.type,
        id: storableText(actor.id),
        display: actor.display === undefined ? null : storableText(actor.display),
      },
      tenantId: entry.tenantId?.toLowerCase() ?? null,
      action: storableText(entry.action),
      targetType: storableText(entry.targetType),
      targetId: entry.targetId === null ? null : storableText(entry.targetId),
      before: toAuditPayload(entry.before),
      after: toAuditPayload(entry.after),
      ip: optionalText(context?.ip),
      userAgent: optionalText(context?.userAgent),
      requestId: optionalText(context?.requestId),
    };
  }
}

function optionalText(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : storableText(value);
}

function hashInputOf(event: AuditEventEntity): AuditHashInput {
  return {
    prevHash: event.prevHash,
    occurredAt: event.occurredAt,
    actor: { type: event.actorType, id: event.actorId, display: event.actorDisplay },
    tenantId: event.tenantId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    before: event.before,
    after: event.after,
    ip: event.ip,
    userAgent: event.userAgent,
    requestId: event.requestId,
  };
}

function broken(
  event: AuditEventEntity,
  checked: number,
  reason: 'hash mismatch' | 'broken link',
): VerifyAuditResponse {
  return { ok: false, checked, firstBrokenSeq: Number(event.seq), firstBrokenId: event.id, reason };
}
