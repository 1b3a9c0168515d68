import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../../platform/auth/principal.js';

/** `user` and `group` name directory rows; `idp-group` names a group of the IdP token's groups claim. */
export type RoleSubjectType = 'user' | 'group' | 'idp-group';

@Entity({ name: 'role_bindings' })
@Check('ck_role_bindings_role', `"role" IN ('platform-admin', 'tenant-owner', 'developer', 'auditor')`)
@Check('ck_role_bindings_subject_type', `"subject_type" IN ('user', 'group', 'idp-group')`)
@Check(
  'ck_role_bindings_subject',
  `("subject_type" = 'idp-group' AND "subject_name" IS NOT NULL AND "subject_id" IS NULL) OR ("subject_type" <> 'idp-group' AND "subject_id" IS NOT NULL AND "subject_name" IS NULL)`,
)
@Check('ck_role_bindings_platform_admin_global', `"role" <> 'platform-admin' OR "tenant_id" IS NULL`)
@Index('uq_role_bindings', { synchronize: false })
@Index('ix_role_bindings_subject', ['subjectId'])
export class RoleBindingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null for a global binding (platform-admin is always global). */
  @ForeignKey('TenantEntity', { name: 'role_bindings_tenant_id_fkey' })
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  role!: Role;

  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType!: RoleSubjectType;

  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column({ name: 'subject_name', type: 'varchar', length: 255, nullable: true })
  subjectName!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
