import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { GROUPS_SOURCES, type GroupsSource } from '../entities/tenant.entity.js';
import { trimString } from '../../../platform/http/input.js';

export class TenantSettingsDto {
  @ApiPropertyOptional({ description: 'store and log no prompt or completion text, only metadata' })
  @IsOptional()
  @IsBoolean()
  zeroDataRetention?: boolean;

  @ApiPropertyOptional({ description: 'create unknown people at their first sign-in through the IdP' })
  @IsOptional()
  @IsBoolean()
  jitProvisioning?: boolean;

  @ApiPropertyOptional({
    enum: GROUPS_SOURCES,
    description: 'where an IdP-token caller’s groups come from at the data plane: directory, token or both',
  })
  @IsOptional()
  @IsIn(GROUPS_SOURCES, { message: `groupsSource must be one of ${GROUPS_SOURCES.join(', ')}` })
  groupsSource?: GroupsSource;
}

/**
 * The slug is immutable: it names the tenant in URLs, SCIM endpoints and audit records. Renaming
 * needs platform-admin; settings need tenant-owner.
 */
export class UpdateTenantDto {
  @ApiPropertyOptional({ example: 'Acme Corporation', minLength: 1, maxLength: 200 })
  @Transform(trimString)
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name?: string;

  @ApiPropertyOptional({ type: TenantSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TenantSettingsDto)
  settings?: TenantSettingsDto;
}
