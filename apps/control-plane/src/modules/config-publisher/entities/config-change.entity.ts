import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'config_changes' })
@Index('ix_config_changes_tenant', ['tenantId', 'revision'])
export class ConfigChangeEntity {
  /** The global configuration revision this change produced. */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_config_changes' })
  revision!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  entity!: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 255 })
  entityId!: string;

  @Column({ type: 'varchar', length: 32 })
  op!: string;

  /** For a group's `members-changed`: the users who joined or left (their groups changed). */
  @Column({ name: 'related_ids', type: 'jsonb', nullable: true })
  relatedIds!: string[] | null;
}
