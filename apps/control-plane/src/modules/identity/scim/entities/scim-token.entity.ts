import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A tenant's SCIM bearer token: the IdP pushes users and groups of that one tenant with it. */
@Entity({ name: 'scim_tokens' })
@Unique('uq_scim_tokens_hash', ['tokenHash'])
@Index('ix_scim_tokens_tenant', ['tenantId', 'createdAt'])
export class ScimTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('TenantEntity', { name: 'scim_tokens_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the token, shown so an owner can tell tokens apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** HMAC-SHA-256 of the token under the server's token-hashing key, hex. The token itself is never stored. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
