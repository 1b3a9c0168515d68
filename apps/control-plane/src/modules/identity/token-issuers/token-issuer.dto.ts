import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { jwtAlgorithmSchema } from '@portcullis/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import { ClaimRequirementDto, RequiredClaimsField } from '../../../platform/http/claim-requirement.dto.js';
import { trimString } from '../../../platform/http/input.js';

/** Signature algorithms nodes accept (libs/contracts): never none, never HMAC. */
export const TOKEN_ALGORITHMS = jwtAlgorithmSchema.options;
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

class TokenIssuerFieldsDto {
  @ApiPropertyOptional({ example: ['api://portcullis'], isArray: true, type: String })
  @IsOptional()
  @IsArray({ message: 'audience must be a list' })
  @ArrayMinSize(1, { message: 'audience must list at least one value' })
  @ArrayMaxSize(10, { message: 'audience may list at most 10 values' })
  @IsString({ each: true, message: 'audience must hold strings' })
  @Length(1, 500, { each: true, message: 'audience values must be 1 to 500 characters' })
  audience?: string[];

  @ApiPropertyOptional({ example: 'https://acme.okta.com/oauth2/default/v1/keys' })
  @IsOptional()
  @Transform(trimString)
  @IsString({ message: 'jwksUri must be a URL' })
  @Length(1, 1000, { message: 'jwksUri must be at most 1000 characters' })
  jwksUri?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'groups' })
  @IsOptional()
  @IsString({ message: 'groupsClaim must be a claim name or null' })
  @Length(1, 100, { message: 'groupsClaim must be 1 to 100 characters' })
  groupsClaim?: string | null;

  @RequiredClaimsField('claims every token of this issuer must carry')
  requiredClaims?: ClaimRequirementDto[];

  @ApiPropertyOptional({ enum: TOKEN_ALGORITHMS, isArray: true, default: ['RS256', 'ES256'] })
  @IsOptional()
  @IsArray({ message: 'algorithms must be a list' })
  @ArrayMinSize(1, { message: 'algorithms must list at least one algorithm' })
  @IsIn(TOKEN_ALGORITHMS, {
    each: true,
    message: `algorithms must be among ${TOKEN_ALGORITHMS.join(', ')} (never none or an HMAC)`,
  })
  algorithms?: TokenAlgorithm[];
}

export class CreateTokenIssuerDto extends TokenIssuerFieldsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'tenantId must be the id (uuid) of a tenant' })
  tenantId!: string;

  @ApiProperty({ example: 'https://acme.okta.com/oauth2/default' })
  @Transform(trimString)
  @IsString({ message: 'issuer is required' })
  @Length(1, 500, { message: 'issuer must be 1 to 500 characters' })
  issuer!: string;

  @ApiProperty({ example: ['api://portcullis'], isArray: true, type: String })
  declare audience: string[];

  @ApiProperty({ example: 'https://acme.okta.com/oauth2/default/v1/keys' })
  declare jwksUri: string;
}

export class UpdateTokenIssuerDto extends TokenIssuerFieldsDto {}

export class TokenIssuerResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ isArray: true, type: String }) audience!: string[];
  @ApiProperty() jwksUri!: string;
  @ApiProperty({ nullable: true, type: String }) groupsClaim!: string | null;
  @ApiProperty({ type: [ClaimRequirementDto] }) requiredClaims!: ClaimRequirementDto[];
  @ApiProperty({ enum: TOKEN_ALGORITHMS, isArray: true }) algorithms!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
