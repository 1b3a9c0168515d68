import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length } from 'class-validator';

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
