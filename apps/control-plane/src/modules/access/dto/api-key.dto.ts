import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { trimString } from '../../../platform/http/input.js';
import { PRINCIPAL_KINDS, PrincipalRefDto, type PrincipalKind } from './subject.dto.js';

export const MAX_SCOPE_MODELS = 100;

export class CreateApiKeyDto {
  @ApiProperty({ example: 'notebook experiments' })
  @Transform(trimString)
  @IsString({ message: 'name is required' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  @ApiPropertyOptional({
    type: PrincipalRefDto,
    description:
      'who the key acts as: an application of a tenant you own, or yourself (the default). Nobody creates a key that acts as another person.',
  })
  @IsOptional()
  @IsObject({ message: 'owner must be an object {kind, id}' })
  @ValidateNested()
  @Type(() => PrincipalRefDto)
  owner?: PrincipalRefDto;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'model aliases the key may call; leave out (or null) for every model its owner may use',
  })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsArray({ message: 'scopeModels must be a list of model aliases' })
  @ArrayMaxSize(MAX_SCOPE_MODELS, { message: `scopeModels may name at most ${MAX_SCOPE_MODELS} models` })
  @IsString({ each: true, message: 'scopeModels must be a list of model aliases' })
  scopeModels?: string[] | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsISO8601(
    { strict: true },
    { message: 'expiresAt must be an ISO 8601 date-time such as 2027-01-31T00:00:00Z' },
  )
  expiresAt?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'up to 20 labels (key ≤ 64, value ≤ 256 characters), e.g. {"team":"search"}',
  })
  @IsOptional()
  @IsObject({ message: 'metadata must be an object of string labels' })
  metadata?: Record<string, unknown>;
}

export class ApiKeyOwnerResponse {
  @ApiProperty({ enum: PRINCIPAL_KINDS }) kind!: PrincipalKind;
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() owner!: ApiKeyOwnerResponse;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'the first characters of the key, to tell keys apart' }) prefix!: string;
  @ApiProperty({ type: [String], nullable: true }) scopeModels!: string[] | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) metadata!: Record<
    string,
    string
  >;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) status!: 'active' | 'expired' | 'revoked';
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ description: 'the audit actor that created the key' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'the key itself (pk-…): shown this once, never again' }) key!: string;
}
