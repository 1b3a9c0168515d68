import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ApiKeyOwnerKind = 'user' | 'application';

/**
 * A virtual API key (`pk-…`). Only its keyed hash (HMAC-SHA-256 under the API-key hashing key) and
 * a display prefix are stored; the key itself is shown once, when it is created.
 */
@Entity({ name: 'api_keys' })
@Check('ck_api_keys_owner', `"owner_kind" IN ('user', 'application')`)
@Index('uq_api_keys_hash', ['keyHash'], { unique: true })
@Index('ix_api_keys_tenant', ['tenantId', 'createdAt'])
@Index('ix_api_keys_user', { synchronize: false })
@Index('ix_api_keys_application', { synchronize: false })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('TenantEntity', { name: 'api_keys_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'owner_kind', type: 'varchar', length: 16 })
  ownerKind!: ApiKeyOwnerKind;

  @ForeignKey('DirectoryUserEntity', { name: 'api_keys_user_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @ForeignKey('ApplicationEntity', { name: 'api_keys_application_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the key (`pk-` and 9 more), so people can tell their keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash!: string;

  /** Model aliases the key may call; null: every model its owner may use. */
  @Column({ name: 'scope_models', type: 'jsonb', nullable: true })
  scopeModels!: string[] | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Record<string, string>;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Written in batches from usage reports, never on the request path. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  /** Who created it, as the audit actor's `type:id`. */
  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
