import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type DirectorySource = 'scim' | 'oidc-jit' | 'local';

export interface DirectoryEmail {
  value: string;
  type?: string;
  primary?: boolean;
}

@Entity({ name: 'directory_users' })
@Check('ck_directory_users_source', `"source" IN ('scim', 'oidc-jit', 'local')`)
@Check('ck_directory_users_oidc', `("oidc_issuer" IS NULL) = ("oidc_subject" IS NULL)`)
// Expression indexes (case-insensitive userName per tenant, one account per issuer+subject) live in
// the migration; `synchronize: false` tells TypeORM they are intended.
@Index('uq_directory_users_user_name', { synchronize: false })
@Index('uq_directory_users_oidc', { synchronize: false })
@Index('ix_directory_users_email', ['tenantId', 'primaryEmail'])
// Indexes that SCIM filters translate to (migration 1764000000400, docs/decisions/0007-scim.md).
@Index('ix_directory_users_emails', { synchronize: false })
@Index('ix_directory_users_user_name_pattern', { synchronize: false })
@Index('ix_directory_users_display_name', { synchronize: false })
@Index('ix_directory_users_external_id', { synchronize: false })
@Index('ix_directory_users_active', { synchronize: false })
@Index('ix_directory_users_created', { synchronize: false })
@Index('ix_directory_users_updated', { synchronize: false })
export class DirectoryUserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null for a platform account (signed in through the platform issuer). */
  @ForeignKey('TenantEntity', { name: 'directory_users_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  source!: DirectorySource;

  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId!: string | null;

  @Column({ name: 'user_name', type: 'varchar', length: 255 })
  userName!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 255, nullable: true })
  displayName!: string | null;

  @Column({ name: 'given_name', type: 'varchar', length: 255, nullable: true })
  givenName!: string | null;

  @Column({ name: 'family_name', type: 'varchar', length: 255, nullable: true })
  familyName!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  emails!: DirectoryEmail[];

  /** Lower-cased primary e-mail, for matching a verified e-mail at sign-in. */
  @Column({ name: 'primary_email', type: 'varchar', length: 320, nullable: true })
  primaryEmail!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'oidc_issuer', type: 'varchar', length: 512, nullable: true })
  oidcIssuer!: string | null;

  @Column({ name: 'oidc_subject', type: 'varchar', length: 255, nullable: true })
  oidcSubject!: string | null;

  /** Attributes the directory carries but Portcullis does not interpret (SCIM enterprise extension…). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
