import {
  Check,
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/** Per-tenant switches; every key is optional in storage and defaulted when read. */
export interface TenantSettings {
  /** No prompt or completion text is stored or logged anywhere for this tenant, only metadata. */
  zeroDataRetention: boolean;
  /** A person the IdP vouches for but the directory does not know is created at first sign-in. */
  jitProvisioning: boolean;
  /** Where an IdP-token caller's groups come from at the data plane (decision 0012). */
  groupsSource: GroupsSource;
}

export const GROUPS_SOURCES = ['directory', 'token', 'both'] as const;
export type GroupsSource = (typeof GROUPS_SOURCES)[number];

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  zeroDataRetention: false,
  jitProvisioning: false,
  groupsSource: 'directory',
};

@Entity({ name: 'tenants' })
@Unique('uq_tenants_slug', ['slug'])
@Check('ck_tenants_slug', `"slug" ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'`)
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 63 })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Partial<TenantSettings>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Soft deletion: the tenant disappears from the API but its audit trail and history remain. */
  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz' })
  deletedAt!: Date | null;
}
