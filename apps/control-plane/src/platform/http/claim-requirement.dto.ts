import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClaimRequirementRecord } from '@portcullis/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';

/** A claim a token must carry, as stored and as the config bundle carries it (libs/contracts). */
export type ClaimRequirement = ClaimRequirementRecord;

/**
 * A claim an IdP token must carry (the claim, or one entry of an array claim such as `amr`, equals
 * one of `anyOf`), as token issuers and models require them (decision 0011).
 */
export class ClaimRequirementDto {
  @ApiProperty({ example: 'amr' })
  @IsString({ message: 'requiredClaims.claim is required' })
  @Length(1, 100, { message: 'requiredClaims.claim must be 1 to 100 characters' })
  claim!: string;

  @ApiProperty({ example: ['mfa', 'hwk'], isArray: true, type: String })
  @IsArray({ message: 'requiredClaims.anyOf must be a list' })
  @ArrayMinSize(1, { message: 'requiredClaims.anyOf must list at least one value' })
  @ArrayMaxSize(20, { message: 'requiredClaims.anyOf must list at most 20 values' })
  @IsString({ each: true, message: 'requiredClaims.anyOf must hold strings' })
  @Length(1, 200, { each: true, message: 'requiredClaims.anyOf values must be 1 to 200 characters' })
  anyOf!: string[];
}

/** The optional `requiredClaims` input field (at most 10 requirements, each validated). */
export function RequiredClaimsField(description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: [ClaimRequirementDto],
      ...(description === undefined ? {} : { description }),
    }),
    IsOptional(),
    IsArray({ message: 'requiredClaims must be a list' }),
    ArrayMaxSize(10, { message: 'requiredClaims may list at most 10 requirements' }),
    ValidateNested({ each: true }),
    Type(() => ClaimRequirementDto),
  );
}

/** Only the two fields, values de-duplicated: what is stored, and what the bundle and the policy read. */
export function claimRequirements(input: readonly ClaimRequirement[]): ClaimRequirement[] {
  return input.map((requirement) => ({ claim: requirement.claim, anyOf: [...new Set(requirement.anyOf)] }));
}
