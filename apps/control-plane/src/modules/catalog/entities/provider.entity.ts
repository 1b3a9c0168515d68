import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const PROVIDER_TYPES = [
  'openai',
  'azure-openai',
  'anthropic',
  'gemini',
  'bedrock',
  'openai-compatible',
  'mock',
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** An upstream LLM provider: global (tenant_id NULL, platform admins) or owned by one tenant. */
@Entity({ name: 'providers' })
@Index('ix_providers_tenant', ['tenantId', 'createdAt'])
export class ProviderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('TenantEntity', { name: 'providers_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: ProviderType;

  @Column({ name: 'base_url', type: 'varchar', length: 512 })
  baseUrl!: string;

  /** The credentials as JSON, sealed with envelope encryption (provider-credentials.ts); null when none. */
  @Column({ type: 'text', nullable: true })
  credentials!: string | null;

  /** Non-secret settings: Azure api-version, AWS region. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  options!: Record<string, string>;

  @Column({ name: 'timeout_ms', type: 'integer' })
  timeoutMs!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
