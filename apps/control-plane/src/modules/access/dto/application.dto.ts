import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { trimString } from '../../../platform/http/input.js';

const CLIENT_ID = /^[\x21-\x7e]{1,255}$/;
const CLIENT_ID_MESSAGE = 'clientId must be 1 to 255 printable characters without spaces';

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid', description: 'the tenant that owns the application' })
  @IsUUID('all', { message: 'tenantId must be the id (uuid) of a tenant' })
  tenantId!: string;

  @ApiProperty({ example: 'billing-bot' })
  @Transform(trimString)
  @IsString({ message: 'name is required' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  @ApiPropertyOptional({ default: '' })
  @Transform(trimString)
  @IsOptional()
  @IsString({ message: 'description must be text' })
  @Length(0, 1000, { message: 'description must be at most 1000 characters' })
  description?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "the IdP's OAuth client id; its client-credentials tokens act as this application",
  })
  @Transform(trimString)
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  clientId?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

/** The owning tenant is fixed. */
export class UpdateApplicationDto {
  @ApiPropertyOptional()
  @Transform(trimString)
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name?: string;

  @ApiPropertyOptional()
  @Transform(trimString)
  @IsOptional()
  @IsString({ message: 'description must be text' })
  @Length(0, 1000, { message: 'description must be at most 1000 characters' })
  description?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Transform(trimString)
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  clientId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class ApplicationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) clientId!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
