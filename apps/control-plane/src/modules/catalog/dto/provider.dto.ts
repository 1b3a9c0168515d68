import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { trimString } from '../../../platform/http/input.js';
import { PROVIDER_TYPES, type ProviderType } from '../entities/provider.entity.js';

export class ProviderCredentialsDto {
  @ApiPropertyOptional({ writeOnly: true, description: 'the provider API key' })
  @IsOptional()
  @IsString()
  @Length(1, 4096, { message: 'credentials.apiKey must be 1 to 4096 characters' })
  apiKey?: string;

  @ApiPropertyOptional({ writeOnly: true, description: 'AWS access key id (bedrock)' })
  @IsOptional()
  @IsString()
  @Length(1, 256, { message: 'credentials.accessKeyId must be 1 to 256 characters' })
  accessKeyId?: string;

  @ApiPropertyOptional({ writeOnly: true, description: 'AWS secret access key (bedrock)' })
  @IsOptional()
  @IsString()
  @Length(1, 1024, { message: 'credentials.secretAccessKey must be 1 to 1024 characters' })
  secretAccessKey?: string;
}

export class ProviderOptionsDto {
  @ApiPropertyOptional({ example: '2024-10-21', description: 'Azure OpenAI api-version' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z.-]{1,32}$/, { message: 'options.apiVersion must be like 2024-10-21' })
  apiVersion?: string;

  @ApiPropertyOptional({ example: 'eu-west-1', description: 'AWS region (bedrock)' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'options.region must be an AWS region such as eu-west-1' })
  region?: string;
}

export class CreateProviderDto {
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'the owning tenant; leave out (or null) for a global provider (platform admins only)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'tenantId must be the id (uuid) of a tenant' })
  tenantId?: string | null;

  @ApiProperty({ example: 'OpenAI (EU)' })
  @Transform(trimString)
  @IsString({ message: 'name is required' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  @ApiProperty({ enum: PROVIDER_TYPES })
  @IsIn(PROVIDER_TYPES, { message: `type must be one of ${PROVIDER_TYPES.join(', ')}` })
  type!: ProviderType;

  @ApiProperty({ example: 'https://api.openai.com/v1' })
  @Transform(trimString)
  @IsString({ message: 'baseUrl is required' })
  @Length(1, 512, { message: 'baseUrl must be at most 512 characters' })
  baseUrl!: string;

  @ApiPropertyOptional({ type: ProviderCredentialsDto, writeOnly: true })
  @IsOptional()
  @IsObject({ message: 'credentials must be an object' })
  @ValidateNested()
  @Type(() => ProviderCredentialsDto)
  credentials?: ProviderCredentialsDto;

  @ApiPropertyOptional({ type: ProviderOptionsDto })
  @IsOptional()
  @IsObject({ message: 'options must be an object' })
  @ValidateNested()
  @Type(() => ProviderOptionsDto)
  options?: ProviderOptionsDto;

  @ApiPropertyOptional({ default: 60000, minimum: 1000, maximum: 600000 })
  @IsOptional()
  @IsInt({ message: 'timeoutMs must be an integer' })
  @Min(1000, { message: 'timeoutMs must be at least 1000' })
  @Max(600_000, { message: 'timeoutMs must be at most 600000' })
  timeoutMs?: number;
}

/** The owner is fixed; leave credentials out to keep the stored ones, send null to clear them. */
export class UpdateProviderDto {
  @ApiPropertyOptional()
  @Transform(trimString)
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name?: string;

  @ApiPropertyOptional()
  @Transform(trimString)
  @IsOptional()
  @IsString()
  @Length(1, 512, { message: 'baseUrl must be at most 512 characters' })
  baseUrl?: string;

  @ApiPropertyOptional({ type: ProviderCredentialsDto, writeOnly: true, nullable: true })
  @IsOptional()
  @IsObject({ message: 'credentials must be an object, or null to remove them' })
  @ValidateNested()
  @Type(() => ProviderCredentialsDto)
  credentials?: ProviderCredentialsDto | null;

  @ApiPropertyOptional({ type: ProviderOptionsDto })
  @IsOptional()
  @IsObject({ message: 'options must be an object' })
  @ValidateNested()
  @Type(() => ProviderOptionsDto)
  options?: ProviderOptionsDto;

  @ApiPropertyOptional({ minimum: 1000, maximum: 600000 })
  @IsOptional()
  @IsInt({ message: 'timeoutMs must be an integer' })
  @Min(1000, { message: 'timeoutMs must be at least 1000' })
  @Max(600_000, { message: 'timeoutMs must be at most 600000' })
  timeoutMs?: number;
}

export class ProviderResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PROVIDER_TYPES }) type!: ProviderType;
  @ApiProperty() baseUrl!: string;
  @ApiProperty() credentialsSet!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'last 4 characters of the key, if long enough' })
  credentialsLast4!: string | null;
  @ApiProperty() options!: ProviderOptionsDto;
  @ApiProperty() timeoutMs!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
