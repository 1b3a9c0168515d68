import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { trimString } from '../../../platform/http/input.js';

export const DEFAULT_TOKEN_HOURS = 24;
export const MAX_TOKEN_HOURS = 720;
const HOURS_MESSAGE = `expiresInHours must be a whole number of hours from 1 to ${MAX_TOKEN_HOURS}`;

export const ENROLLMENT_TOKEN_STATUSES = ['active', 'used', 'expired', 'revoked'] as const;
export type EnrollmentTokenStatus = (typeof ENROLLMENT_TOKEN_STATUSES)[number];

export class CreateEnrollmentTokenDto {
  @ApiProperty({ example: 'edge node eu-west-1a' })
  @Transform(trimString)
  @IsString({ message: 'name is required' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  @ApiPropertyOptional({ default: DEFAULT_TOKEN_HOURS, minimum: 1, maximum: MAX_TOKEN_HOURS })
  @IsOptional()
  @IsInt({ message: HOURS_MESSAGE })
  @Min(1, { message: HOURS_MESSAGE })
  @Max(MAX_TOKEN_HOURS, { message: HOURS_MESSAGE })
  expiresInHours?: number;
}

export class EnrollmentTokenResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'the first characters of the token, to tell tokens apart' }) prefix!: string;
  @ApiProperty({ enum: ENROLLMENT_TOKEN_STATUSES }) status!: EnrollmentTokenStatus;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) usedAt!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the node that enrolled with it',
  })
  usedByNodeId!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ description: 'the audit actor that created the token' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedEnrollmentTokenResponse extends EnrollmentTokenResponse {
  @ApiProperty({ description: 'the token itself (pen_…): shown this once, never again' }) token!: string;
}
