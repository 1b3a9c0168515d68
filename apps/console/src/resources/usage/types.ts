// Mirrors the admin API's usage events and summary (apps/control-plane usage/dto/*.ts).
export interface UsageEvent {
  id: string;
  requestId: string;
  occurredAt: string;
  receivedAt: string;
  nodeId: string;
  tenantId: string;
  principal: { kind: 'user' | 'application'; id: string };
  keyId: string | null;
  route: string;
  model: string;
  stream: boolean;
  deployment: { providerId: string; upstreamModel: string } | null;
  status: number;
  errorCode: string | null;
  tokens: { input: number; output: number; cachedInput: number; estimated: boolean } | null;
  cost: { amount: number; currency: string } | null;
  latencyMs: { total: number; upstream: number | null };
  attempts: number;
  cacheHit: boolean;
  redactions: Record<string, number>;
}

export interface UsageSums {
  calls: number;
  errors: number;
  tokens: { input: number; output: number; cachedInput: number };
  cost: { currency: string; amount: number }[];
}

export type UsageGrouping = 'model' | 'principal' | 'key' | 'day';

export interface UsageSummaryGroup extends UsageSums {
  model?: string;
  principal?: { kind: string; id: string };
  keyId?: string | null;
  day?: string;
}

export interface UsageSummary {
  groupBy: UsageGrouping;
  total: UsageSums;
  groups: UsageSummaryGroup[];
  truncated: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isSums = (value: unknown): value is UsageSums =>
  isRecord(value) &&
  typeof value.calls === 'number' &&
  typeof value.errors === 'number' &&
  isRecord(value.tokens) &&
  Array.isArray(value.cost);

export const isUsageSummary = (value: unknown): value is UsageSummary =>
  isRecord(value) &&
  typeof value.groupBy === 'string' &&
  isSums(value.total) &&
  Array.isArray(value.groups) &&
  value.groups.every(isSums);

/** The list's filter keys the summary takes too (as query parameters). */
export const SUMMARY_FILTER_KEYS = [
  'tenantId',
  'principalKind',
  'principalId',
  'keyId',
  'model',
  'statusClass',
  'from',
  'to',
] as const;

const integer = new Intl.NumberFormat('en');

export const formatCount = (value: number): string => integer.format(value);

export const formatCost = (cost: readonly { currency: string; amount: number }[]): string =>
  cost.length === 0
    ? '—'
    : cost
        .map(({ currency, amount }) =>
          new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 4 }).format(
            amount,
          ),
        )
        .join(' + ');

/** What a summary group is about, in words. */
export const groupLabel = (group: UsageSummaryGroup): string => {
  if (group.model !== undefined) return group.model;
  if (group.day !== undefined) return group.day;
  if (group.principal !== undefined) return `${group.principal.kind} ${group.principal.id}`;
  if (group.keyId !== undefined) return group.keyId ?? 'IdP tokens (no key)';
  return '—';
};
