import { ApiProperty } from '@nestjs/swagger';
import type { TenantEntity, TenantSettings } from '../entities/tenant.entity.js';
import { tenantSettings } from '../tenants.reader.js';

export class TenantSettingsResponse {
  @ApiProperty() zeroDataRetention!: boolean;
  @ApiProperty() jitProvisioning!: boolean;
  @ApiProperty({ enum: ['directory', 'token', 'both'] }) groupsSource!: 'directory' | 'token' | 'both';
}

export class TenantResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: TenantSettingsResponse }) settings!: TenantSettings;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(entity: TenantEntity): TenantResponse {
    return {
      id: entity.id,
      slug: entity.slug,
      name: entity.name,
      settings: tenantSettings(entity),
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}
