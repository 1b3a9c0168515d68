import type { UsageEvent } from '@portcullis/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One model call a data-plane node reported (libs/contracts `usageEventSchema`), stored once by
 * the id the node chose. No foreign keys: the row outlives the tenant, key and node it names.
 * bigint and numeric columns come back from the driver as strings.
 */
@Entity({ name: 'usage_events' })
@Index('ix_usage_events_tenant_occurred', ['tenantId', 'occurredAt'])
@Index('ix_usage_events_principal', ['tenantId', 'principalKind', 'principalId', 'occurredAt'])
@Index('ix_usage_events_key', ['keyId'])
export class UsageEventEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** When the control plane accepted the batch that carried the event. */
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** The node that sent it. */
  @Column({ name: 'node_id', type: 'uuid' })
  nodeId!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'principal_kind', type: 'varchar', length: 16 })
  principalKind!: UsageEvent['principal']['kind'];

  @Column({ name: 'principal_id', type: 'text' })
  principalId!: string;

  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  route!: UsageEvent['route'];

  @Column({ type: 'text' })
  model!: string;

  @Column({ type: 'boolean' })
  stream!: boolean;

  @Column({ name: 'provider_id', type: 'uuid', nullable: true })
  providerId!: string | null;

  @Column({ name: 'upstream_model', type: 'text', nullable: true })
  upstreamModel!: string | null;

  @Column({ type: 'smallint' })
  status!: number;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'input_tokens', type: 'bigint', nullable: true })
  inputTokens!: string | null;

  @Column({ name: 'output_tokens', type: 'bigint', nullable: true })
  outputTokens!: string | null;

  @Column({ name: 'cached_input_tokens', type: 'bigint', nullable: true })
  cachedInputTokens!: string | null;

  @Column({ name: 'tokens_estimated', type: 'boolean', nullable: true })
  tokensEstimated!: boolean | null;

  @Column({ name: 'cost_amount', type: 'numeric', nullable: true })
  costAmount!: string | null;

  @Column({ name: 'cost_currency', type: 'char', length: 3, nullable: true })
  costCurrency!: string | null;

  @Column({ name: 'latency_ms', type: 'double precision' })
  latencyMs!: number;

  @Column({ name: 'upstream_latency_ms', type: 'double precision', nullable: true })
  upstreamLatencyMs!: number | null;

  @Column({ type: 'smallint' })
  attempts!: number;

  @Column({ name: 'cache_hit', type: 'boolean' })
  cacheHit!: boolean;

  @Column({ type: 'jsonb' })
  redactions!: Record<string, number>;
}
