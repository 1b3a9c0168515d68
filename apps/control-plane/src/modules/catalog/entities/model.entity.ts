import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ClaimRequirement } from '../../../platform/http/claim-requirement.dto.js';

export const MODEL_CAPABILITIES = ['chat', 'embeddings', 'vision', 'tools'] as const;
export type ModelCapability = (typeof MODEL_CAPABILITIES)[number];

/** Where a model is served: the data plane routes by weight within a priority, then falls back. */
export interface ModelDeployment {
  providerId: string;
  upstreamModel: string;
  weight: number;
  priority: number;
}

/** A model alias callers name: global (tenant_id NULL) or a tenant's own (shadowing a global one). */
@Entity({ name: 'models' })
// Partial and GIN indexes TypeORM cannot describe: declared here, created by the migration.
@Index('uq_models_tenant_alias', { synchronize: false })
@Index('uq_models_global_alias', { synchronize: false })
@Index('ix_models_deployments', { synchronize: false })
export class ModelEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('TenantEntity', { name: 'models_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'varchar', length: 100 })
  alias!: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  description!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  capabilities!: ModelCapability[];

  /** Claims an IdP token must carry to call this model (migration 1764000001000). */
  @Column({ name: 'required_claims', type: 'jsonb', default: () => "'[]'" })
  requiredClaims!: ClaimRequirement[];

  @Column({ name: 'context_window', type: 'integer', nullable: true })
  contextWindow!: number | null;

  /** Prices per million tokens; numeric columns come back as strings. */
  @Column({ name: 'input_price', type: 'numeric', precision: 14, scale: 6, nullable: true })
  inputPrice!: string | null;

  @Column({ name: 'output_price', type: 'numeric', precision: 14, scale: 6, nullable: true })
  outputPrice!: string | null;

  @Column({ name: 'cached_input_price', type: 'numeric', precision: 14, scale: 6, nullable: true })
  cachedInputPrice!: string | null;

  @Column({ type: 'char', length: 3, default: 'USD' })
  currency!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  deployments!: ModelDeployment[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
