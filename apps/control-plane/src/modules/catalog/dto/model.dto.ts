import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ClaimRequirementDto, RequiredClaimsField } from '../../../platform/http/claim-requirement.dto.js';
import { trimString } from '../../../platform/http/input.js';
import { MODEL_CAPABILITIES, type ModelCapability } from '../entities/model.entity.js';

const ALIAS = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;
const ALIAS_MESSAGE = 'alias must be 1-100 letters, digits or . _ : / - (starting with a letter or digit)';
const PRICE = { maxDecimalPlaces: 6 } as const;

export class ModelDeploymentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'deployments.providerId must be the id (uuid) of a provider' })
  providerId!: string;

  @ApiProperty({ example: 'gpt-4o-2024-08-06' })
  @IsString({ message: 'deployments.upstreamModel is required' })
  @Length(1, 200, { message: 'deployments.upstreamModel must be 1 to 200 characters' })
  upstreamModel!: string;

  @ApiProperty({ minimum: 0, default: 1 })
  @IsNumber({}, { message: 'deployments.weight must be a number' })
  @Min(0, { message: 'deployments.weight must be at least 0' })
  @Max(1_000_000, { message: 'deployments.weight must be at most 1000000' })
  weight!: number;

  @ApiProperty({ description: 'lower first; higher priorities are fallbacks', default: 0 })
  @IsInt({ message: 'deployments.priority must be an integer' })
  @Min(0, { message: 'deployments.priority must be at least 0' })
  @Max(1000, { message: 'deployments.priority must be at most 1000' })
  priority!: number;
}

class ModelFieldsDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(0, 1000, { message: 'description must be at most 1000 characters' })
  description?: string;

  @ApiPropertyOptional({ enum: MODEL_CAPABILITIES, isArray: true })
  @IsOptional()
  @IsArray({ message: 'capabilities must be a list' })
  @IsIn(MODEL_CAPABILITIES, {
    each: true,
    message: `capabilities must be among ${MODEL_CAPABILITIES.join(', ')}`,
  })
  capabilities?: ModelCapability[];

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt({ message: 'contextWindow must be an integer' })
  @Min(1, { message: 'contextWindow must be at least 1' })
  @Max(100_000_000, { message: 'contextWindow must be at most 100000000' })
  contextWindow?: number | null;

  @ApiPropertyOptional({ description: 'per million input tokens', nullable: true, type: Number })
  @IsOptional()
  @IsNumber(PRICE, { message: 'inputPrice must be a number with at most 6 decimals' })
  @Min(0, { message: 'inputPrice must be at least 0' })
  @Max(1_000_000, { message: 'inputPrice must be at most 1000000' })
  inputPrice?: number | null;

  @ApiPropertyOptional({ description: 'per million output tokens', nullable: true, type: Number })
  @IsOptional()
  @IsNumber(PRICE, { message: 'outputPrice must be a number with at most 6 decimals' })
  @Min(0, { message: 'outputPrice must be at least 0' })
  @Max(1_000_000, { message: 'outputPrice must be at most 1000000' })
  outputPrice?: number | null;

  @ApiPropertyOptional({ description: 'per million cached input tokens', nullable: true, type: Number })
  @IsOptional()
  @IsNumber(PRICE, { message: 'cachedInputPrice must be a number with at most 6 decimals' })
  @Min(0, { message: 'cachedInputPrice must be at least 0' })
  @Max(1_000_000, { message: 'cachedInputPrice must be at most 1000000' })
  cachedInputPrice?: number | null;

  @ApiPropertyOptional({ example: 'USD', default: 'USD' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @RequiredClaimsField('claims an IdP token must carry to call this model; API keys carry none')
  requiredClaims?: ClaimRequirementDto[];

  @ApiPropertyOptional({ type: [ModelDeploymentDto] })
  @IsOptional()
  @IsArray({ message: 'deployments must be a list' })
  @ArrayMaxSize(32, { message: 'deployments may list at most 32 deployments' })
  @ValidateNested({ each: true })
  @Type(() => ModelDeploymentDto)
  deployments?: ModelDeploymentDto[];
}

export class CreateModelDto extends ModelFieldsDto {
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'the owning tenant; leave out for the global catalog (platform admins only)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'tenantId must be the id (uuid) of a tenant' })
  tenantId?: string | null;

  @ApiProperty({ example: 'gpt-4o' })
  @Transform(trimString)
  @Matches(ALIAS, { message: ALIAS_MESSAGE })
  alias!: string;
}

export class UpdateModelDto extends ModelFieldsDto {
  @ApiPropertyOptional({ example: 'gpt-4o' })
  @Transform(trimString)
  @IsOptional()
  @Matches(ALIAS, { message: ALIAS_MESSAGE })
  alias?: string;
}

export class ModelResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId!: string | null;
  @ApiProperty() alias!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: MODEL_CAPABILITIES, isArray: true }) capabilities!: ModelCapability[];
  @ApiProperty({ type: [ClaimRequirementDto] }) requiredClaims!: ClaimRequirementDto[];
  @ApiProperty({ nullable: true, type: Number }) contextWindow!: number | null;
  @ApiProperty({ nullable: true, type: Number }) inputPrice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) outputPrice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) cachedInputPrice!: number | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [ModelDeploymentDto] }) deployments!: ModelDeploymentDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
