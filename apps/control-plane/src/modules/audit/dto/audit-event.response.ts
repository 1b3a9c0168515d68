import { ApiProperty } from '@nestjs/swagger';
import type { AuditActor } from '../../../platform/audit/audit-trail.js';
import type { JsonValue } from '../audit-hash.js';
import type { AuditEventEntity } from '../entities/audit-event.entity.js';
import { ACTOR_TYPES } from './audit-filter.dto.js';

export class AuditActorResponse {
  @ApiProperty({ enum: ACTOR_TYPES }) type!: AuditActor['type'];
  @ApiProperty({ example: 'admin-token' }) id!: string;
  @ApiProperty({ type: String, nullable: true }) display!: string | null;
}

export class AuditTargetResponse {
  @ApiProperty({ example: 'tenant' }) type!: string;
  @ApiProperty({ type: String, nullable: true }) id!: string | null;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Position in the hash chain' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: AuditActorResponse }) actor!: AuditActorResponse;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for platform events' })
  tenantId!: string | null;
  @ApiProperty({ example: 'tenant.create' }) action!: string;
  @ApiProperty({ type: AuditTargetResponse }) target!: AuditTargetResponse;
  @ApiProperty({ nullable: true, description: 'State before the change (JSON, secrets redacted)' })
  before!: JsonValue | null;
  @ApiProperty({ nullable: true, description: 'State after the change (JSON, secrets redacted)' })
  after!: JsonValue | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ description: 'SHA-256 (hex) over this event and prevHash' }) hash!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'hash of the previous event; null for the first',
  })
  prevHash!: string | null;

  static from(entity: AuditEventEntity): AuditEventResponse {
    return {
      id: entity.id,
      seq: Number(entity.seq),
      occurredAt: entity.occurredAt.toISOString(),
      actor: { type: entity.actorType, id: entity.actorId, display: entity.actorDisplay },
      tenantId: entity.tenantId,
      action: entity.action,
      target: { type: entity.targetType, id: entity.targetId },
      before: entity.before,
      after: entity.after,
      ip: entity.ip,
      userAgent: entity.userAgent,
      requestId: entity.requestId,
      hash: entity.hash,
      prevHash: entity.prevHash,
    };
  }
}
