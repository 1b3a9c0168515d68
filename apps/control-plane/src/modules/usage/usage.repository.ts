import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { UsageEvent } from '@portcullis/contracts';
import { Brackets, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { TenantScope } from '../../platform/auth/authorization.js';
import { listPage } from '../../platform/db/query-helpers.js';
import { isUuid } from '../../platform/http/input.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { UsageEventEntity } from './entities/usage-event.entity.js';

export type UsageSortField = 'occurredAt';
export const USAGE_GROUPINGS = ['model', 'principal', 'key', 'day'] as const;
export type UsageGrouping = (typeof USAGE_GROUPINGS)[number];
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Which events a caller may read: every event of some tenants, plus their own calls. */
export interface UsageVisibility {
  scope: TenantScope;
  /** The caller's own calls: as the principal, or with a key they own. */
  own: { userId: string; keyIds: readonly string[] } | null;
}

/** What a list or a summary is narrowed to, after validation. */
export interface UsageFilter {
  tenantId?: string;
  principalKind?: UsageEvent['principal']['kind'];
  principalId?: string;
  keyId?: string;
  model?: string;
  statusClass?: StatusClass;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** One row of a summary: the group's key columns (by grouping) and its sums. */
export interface UsageSumsRow {
  model?: string;
  principal_kind?: string;
  principal_id?: string;
  key_id?: string | null;
  day?: string;
  calls: string;
  errors: string;
  input_tokens: string;
  output_tokens: string;
  cached_input_tokens: string;
  /** Per currency; null when nothing was priced. */
  cost: { currency: string; amount: number }[] | null;
}

const GROUP_COLUMNS: Record<UsageGrouping | 'none', readonly [string, string][]> = {
  none: [],
  model: [['u.model', 'model']],
  principal: [
    ['u.principal_kind', 'principal_kind'],
    ['u.principal_id', 'principal_id'],
  ],
  key: [['u.key_id', 'key_id']],
  day: [[`to_char(u.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`, 'day']],
};

// PostgreSQL text cannot hold NUL; the rest of a string is worth keeping.
const storable = <T extends string | null>(text: T): T =>
  (text === null ? null : text.replaceAll('\u0000', '\uFFFD')) as T;

@Injectable()
export class UsageRepository {
  constructor(@InjectRepository(UsageEventEntity) private readonly events: Repository<UsageEventEntity>) {}

  /**
   * Inserts a batch in one statement (one array per column), skipping ids already stored.
   * Returns how many rows were new.
   */
  async insertBatch(nodeId: string, receivedAt: Date, batch: readonly UsageEvent[]): Promise<number> {
    const column = <T>(pick: (event: UsageEvent) => T): T[] => batch.map(pick);
    const rows = await this.events.query<{ stored: number }[]>(
      `WITH inserted AS (
         INSERT INTO usage_events (
           id, request_id, occurred_at, tenant_id, principal_kind, principal_id, key_id, route, model,
           stream, provider_id, upstream_model, status, error_code, input_tokens, output_tokens,
           cached_input_tokens, tokens_estimated, cost_amount, cost_currency, latency_ms,
           upstream_latency_ms, attempts, cache_hit, redactions, node_id, received_at)
         SELECT e.*, $26::uuid, $27::timestamptz
           FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[],
                       $7::uuid[], $8::text[], $9::text[], $10::boolean[], $11::uuid[], $12::text[],
                       $13::smallint[], $14::text[], $15::bigint[], $16::bigint[], $17::bigint[],
                       $18::boolean[], $19::numeric[], $20::text[], $21::float8[], $22::float8[],
                       $23::smallint[], $24::boolean[], $25::jsonb[]) AS e
         ON CONFLICT (id) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS stored FROM inserted`,
      [
        column((e) => e.id),
        column((e) => storable(e.requestId)),
        column((e) => e.occurredAt),
        column((e) => e.tenantId),
        column((e) => e.principal.kind),
        column((e) => storable(e.principal.id)),
        column((e) => e.keyId),
        column((e) => e.route),
        column((e) => e.model),
        column((e) => e.stream),
        column((e) => e.deployment?.providerId ?? null),
        column((e) => storable(e.deployment?.upstreamModel ?? null)),
        column((e) => e.status),
        column((e) => storable(e.errorCode)),
        column((e) => e.tokens?.input ?? null),
        column((e) => e.tokens?.output ?? null),
        column((e) => e.tokens?.cachedInput ?? null),
        column((e) => e.tokens?.estimated ?? null),
        column((e) => e.cost?.amount ?? null),
        column((e) => e.cost?.currency ?? null),
        column((e) => e.latencyMs.total),
        column((e) => e.latencyMs.upstream),
        column((e) => e.attempts),
        column((e) => e.cacheHit),
        column((e) => JSON.stringify(e.redactions)),
        nodeId,
        receivedAt,
      ],
    );
    return rows[0]?.stored ?? 0;
  }

  list(
    visibility: UsageVisibility,
    filter: UsageFilter,
    query: ListQuery<UsageSortField>,
  ): Promise<{ items: UsageEventEntity[]; total: number }> {
    return listPage(this.filtered(visibility, filter), 'u', query);
  }

  /**
   * Calls, errors (status ≥ 400), tokens and cost per currency, per group of `grouping` (or one
   * row for 'none'), at most `limit` groups: days in order, other groups by calls, most first.
   */
  async sums(
    visibility: UsageVisibility,
    filter: UsageFilter,
    grouping: UsageGrouping | 'none',
    limit: number,
  ): Promise<UsageSumsRow[]> {
    const keys = GROUP_COLUMNS[grouping];
    const inner = this.filtered(visibility, filter).select('u.cost_currency', 'currency');
    for (const [expression, alias] of keys) inner.addSelect(expression, alias);
    inner
      .addSelect('count(*)', 'calls')
      .addSelect('count(*) FILTER (WHERE u.status >= 400)', 'errors')
      .addSelect('COALESCE(sum(u.input_tokens), 0)', 'input_tokens')
      .addSelect('COALESCE(sum(u.output_tokens), 0)', 'output_tokens')
      .addSelect('COALESCE(sum(u.cached_input_tokens), 0)', 'cached_input_tokens')
      .addSelect('sum(u.cost_amount)', 'amount')
      .groupBy(['u.cost_currency', ...keys.map(([expression]) => expression)].join(', '));
    const [innerSql, parameters] = inner.getQueryAndParameters();
    const aliases = keys.map(([, alias]) => alias);
    const groupBy = aliases.length === 0 ? '' : `GROUP BY ${aliases.join(', ')}`;
    const orderBy =
      grouping === 'day'
        ? 'ORDER BY day'
        : aliases.length === 0
          ? ''
          : `ORDER BY sum(g.calls) DESC, ${aliases.join(', ')}`;
    return this.events.query<UsageSumsRow[]>(
      `SELECT ${aliases.map((alias) => `${alias}, `).join('')}
              sum(calls)::text AS calls, sum(errors)::text AS errors,
              sum(input_tokens)::text AS input_tokens, sum(output_tokens)::text AS output_tokens,
              sum(cached_input_tokens)::text AS cached_input_tokens,
              json_agg(json_build_object('currency', currency, 'amount', amount) ORDER BY currency)
                FILTER (WHERE currency IS NOT NULL) AS cost
         FROM (${innerSql}) AS g
         ${groupBy} ${orderBy}
        LIMIT ${String(limit)}`,
      parameters,
    );
  }

  private filtered(visibility: UsageVisibility, filter: UsageFilter): SelectQueryBuilder<UsageEventEntity> {
    const builder = this.events.createQueryBuilder('u').where('true');
    const { scope, own } = visibility;
    if (!scope.all) {
      builder.andWhere(
        new Brackets((visible) => {
          visible.where('u.tenant_id = ANY(:scopeTenantIds)', { scopeTenantIds: scope.tenantIds });
          if (own !== null) {
            visible
              .orWhere("(u.principal_kind = 'user' AND u.principal_id = :ownUserId)", {
                ownUserId: own.userId,
              })
              .orWhere('u.key_id = ANY(:ownKeyIds)', { ownKeyIds: own.keyIds });
          }
        }),
      );
    }
    const uuidOrNone = (id: string): string | null => (isUuid(id) ? id : null);
    if (filter.tenantId !== undefined)
      builder.andWhere('u.tenant_id = :tenantId', { tenantId: uuidOrNone(filter.tenantId) });
    if (filter.principalKind !== undefined)
      builder.andWhere('u.principal_kind = :principalKind', { principalKind: filter.principalKind });
    if (filter.principalId !== undefined)
      builder.andWhere('u.principal_id = :principalId', { principalId: filter.principalId });
    if (filter.keyId !== undefined)
      builder.andWhere('u.key_id = :keyId', { keyId: uuidOrNone(filter.keyId) });
    if (filter.model !== undefined) builder.andWhere('u.model = :model', { model: filter.model });
    if (filter.statusClass !== undefined) {
      const low = Number(filter.statusClass[0]) * 100;
      builder.andWhere('u.status BETWEEN :statusLow AND :statusHigh', {
        statusLow: low,
        statusHigh: low + 99,
      });
    }
    if (filter.from !== undefined) builder.andWhere('u.occurred_at >= :from', { from: filter.from });
    if (filter.to !== undefined) builder.andWhere('u.occurred_at < :to', { to: filter.to });
    return builder;
  }
}
