import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { PersonalAccessTokenEntity } from '../entities/personal-access-token.entity.js';

export class CreatePersonalAccessTokenDto {
  @ApiProperty({ example: 'release automation' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  @ApiPropertyOptional({ default: 90, minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt({ message: 'expiresInDays must be a whole number of days from 1 to 365' })
  @Min(1, { message: 'expiresInDays must be a whole number of days from 1 to 365' })
  @Max(365, { message: 'expiresInDays must be a whole number of days from 1 to 365' })
  expiresInDays?: number;
}

export class PersonalAccessTokenResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'the first characters of the token, to tell tokens apart' }) prefix!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(token: PersonalAccessTokenEntity): PersonalAccessTokenResponse {
    return {
      id: token.id,
      name: token.name,
      prefix: token.prefix,
      expiresAt: token.expiresAt.toISOString(),
      revokedAt: token.revokedAt?.toISOString() ?? null,
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      createdAt: token.createdAt.toISOString(),
    };
  }
}

export class CreatedPersonalAccessTokenResponse extends PersonalAccessTokenResponse {
  @ApiProperty({ description: 'the token itself: shown this once, never again' }) token!: string;
}
