import { ApiProperty } from '@nestjs/swagger';
import type { TenantEntity } from '../entities/tenant.entity.js';

export class TenantResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(entity: TenantEntity): TenantResponse {
    return {
      id: entity.id,
      slug: entity.slug,
      name: entity.name,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}
