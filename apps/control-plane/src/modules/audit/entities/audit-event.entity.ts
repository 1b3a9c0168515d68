import { Column, Entity, Generated, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { AuditActor } from '../../../platform/audit/audit-trail.js';
import type { JsonValue } from '../audit-hash.js';

/**
 * One appended audit event. Rows are never updated or deleted (a database trigger refuses it);
 * `seq` orders the hash chain and `hash` covers every other column except `id` and `seq`.
 */
@Entity({ name: 'audit_events' })
@Unique('uq_audit_events_seq', ['seq'])
@Index('ix_audit_events_tenant_occurred', ['tenantId', 'occurredAt'])
@Index('ix_audit_events_actor', ['actorId'])
@Index('ix_audit_events_action', ['action'])
@Index('ix_audit_events_target', ['targetType', 'targetId'])
@Index('ix_audit_events_request', ['requestId'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** bigint: the driver returns it as a string. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType!: AuditActor['type'];

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_display', type: 'text', nullable: true })
  actorDisplay!: string | null;

  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'target_type', type: 'text' })
  targetType!: string;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: JsonValue | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: JsonValue | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash!: string | null;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
