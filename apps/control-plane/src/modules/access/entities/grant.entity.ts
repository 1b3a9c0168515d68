import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export const GRANT_SUBJECT_KINDS = ['user', 'group', 'application', 'tenant'] as const;
export type GrantSubjectKind = (typeof GRANT_SUBJECT_KINDS)[number];

/**
 * Who may use which model alias in a tenant: a user, a group, an application, or everyone in the
 * tenant. `model` is an alias (or `*`), so switching the model behind an alias keeps its grants.
 */
@Entity({ name: 'grants' })
@Check('ck_grants_subject', `"subject_kind" IN ('user', 'group', 'application', 'tenant')`)
@Index('uq_grants_subject_model', { synchronize: false })
@Index('ix_grants_user', { synchronize: false })
@Index('ix_grants_group', { synchronize: false })
@Index('ix_grants_application', { synchronize: false })
export class GrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('TenantEntity', { name: 'grants_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'varchar', length: 100 })
  model!: string;

  @Column({ name: 'subject_kind', type: 'varchar', length: 16 })
  subjectKind!: GrantSubjectKind;

  @ForeignKey('DirectoryUserEntity', { name: 'grants_user_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @ForeignKey('DirectoryGroupEntity', { name: 'grants_group_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'group_id', type: 'uuid', nullable: true })
  groupId!: string | null;

  @ForeignKey('ApplicationEntity', { name: 'grants_application_id_fkey', onDelete: 'CASCADE' })
  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
