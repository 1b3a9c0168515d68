import { ApiProperty } from '@nestjs/swagger';
import type { ConfigChangeEntity } from '../entities/config-change.entity.js';

export class ConfigChangeResponse {
  @ApiProperty({ description: 'the revision this change produced' }) id!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId!: string | null;
  @ApiProperty({ example: 'user' }) entity!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ example: 'deactivated' }) op!: string;

  static from(change: ConfigChangeEntity): ConfigChangeResponse {
    return {
      id: Number(change.revision),
      occurredAt: change.occurredAt.toISOString(),
      tenantId: change.tenantId,
      entity: change.entity,
      entityId: change.entityId,
      op: change.op,
    };
  }
}

export class ConfigRevisionResponse {
  @ApiProperty({ description: 'the latest configuration revision (0 before any change)' }) revision!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) changedAt!: string | null;
}
