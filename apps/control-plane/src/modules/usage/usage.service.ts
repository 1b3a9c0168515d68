import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tenantScope } from '../../platform/auth/authorization.js';
import type { Principal, Role } from '../../platform/auth/principal.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { readKeyIdsOwnedBy } from '../access/access.reader.js';
import { UsageEventResponse } from './dto/usage-event.response.js';
import type { UsageSummaryGroup, UsageSummaryResponse, UsageSums } from './dto/usage-summary.response.js';
import {
  type UsageFilter,
  type UsageGrouping,
  UsageRepository,
  type UsageSortField,
  type UsageSumsRow,
  type UsageVisibility,
} from './usage.repository.js';

/** Roles that read every event of their tenants; anyone else reads only their own calls. */
export const TENANT_USAGE_READERS: readonly Role[] = ['tenant-owner', 'auditor'];

/** Groups a summary lists at most. */
export const MAX_SUMMARY_GROUPS = 1_000;

/**
 * Reads stored usage: platform admins see everything, tenant owners and auditors their tenants'
 * events, everyone else (developers) the calls they made themselves or with keys they own.
 */
@Injectable()
export class UsageService {
  constructor(
    private readonly repository: UsageRepository,
    private readonly dataSource: DataSource,
  ) {}

  async list(
    principal: Principal,
    filter: UsageFilter,
    query: ListQuery<UsageSortField>,
  ): Promise<{ items: UsageEventResponse[]; total: number }> {
    const { items, total } = await this.repository.list(await this.visibility(principal), filter, query);
    return { items: items.map((row) => UsageEventResponse.from(row)), total };
  }

  async summary(
    principal: Principal,
    filter: UsageFilter,
    groupBy: UsageGrouping,
  ): Promise<UsageSummaryResponse> {
    const visibility = await this.visibility(principal);
    const [totals, rows] = await Promise.all([
      this.repository.sums(visibility, filter, 'none', 1),
      this.repository.sums(visibility, filter, groupBy, MAX_SUMMARY_GROUPS + 1),
    ]);
    return {
      groupBy,
      total: totals[0] === undefined ? emptySums() : sumsOf(totals[0]),
      groups: rows.slice(0, MAX_SUMMARY_GROUPS).map((row) => groupOf(groupBy, row)),
      truncated: rows.length > MAX_SUMMARY_GROUPS,
    };
  }

  private async visibility(principal: Principal): Promise<UsageVisibility> {
    const scope = tenantScope(principal, TENANT_USAGE_READERS);
    if (scope.all || principal.userId === null) return { scope, own: null };
    const keyIds = await readKeyIdsOwnedBy(this.dataSource.manager, principal.userId);
    return { scope, own: { userId: principal.userId, keyIds } };
  }
}

function sumsOf(row: UsageSumsRow): UsageSums {
  return {
    calls: Number(row.calls),
    errors: Number(row.errors),
    tokens: {
      input: Number(row.input_tokens),
      output: Number(row.output_tokens),
      cachedInput: Number(row.cached_input_tokens),
    },
    cost: row.cost ?? [],
  };
}

function emptySums(): UsageSums {
  return { calls: 0, errors: 0, tokens: { input: 0, output: 0, cachedInput: 0 }, cost: [] };
}

/** A group's sums under the key of its grouping (only that key is set). */
function groupOf(groupBy: UsageGrouping, row: UsageSumsRow): UsageSummaryGroup {
  const group: UsageSummaryGroup = sumsOf(row);
  switch (groupBy) {
    case 'model':
      group.model = row.model ?? '';
      break;
    case 'principal':
      group.principal = { kind: row.principal_kind ?? '', id: row.principal_id ?? '' };
      break;
    case 'key':
      group.keyId = row.key_id ?? null;
      break;
    case 'day':
      group.day = row.day ?? '';
      break;
  }
  return group;
}
