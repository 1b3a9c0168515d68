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
import type { DirectorySource } from './directory-user.entity.js';

@Entity({ name: 'directory_groups' })
@Check('ck_directory_groups_source', `"source" IN ('scim', 'oidc-jit', 'local')`)
@Index('uq_directory_groups_name', { synchronize: false })
// Indexes that SCIM filters translate to (migration 1764000000400, docs/decisions/0007-scim.md).
@Index('ix_directory_groups_display_name_pattern', { synchronize: false })
@Index('ix_directory_groups_external_id', { synchronize: false })
@Index('ix_directory_groups_created', { synchronize: false })
@Index('ix_directory_groups_updated', { synchronize: false })
export class DirectoryGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('TenantEntity', { name: 'directory_groups_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: DirectorySource;

  @Column({ name: 'display_name', type: 'varchar', length: 255 })
  displayName!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 255, nullable: true })
  externalId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
