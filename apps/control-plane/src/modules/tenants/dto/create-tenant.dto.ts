import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';
import { trimString } from '../../../platform/http/input.js';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export class CreateTenantDto {
  @ApiProperty({ example: 'acme', description: 'URL-safe, unique and immutable: a-z, 0-9 and inner dashes' })
  @IsString()
  @Matches(SLUG_PATTERN, {
    message: 'slug must be 1-63 lowercase letters, digits or inner dashes (e.g. "acme-eu")',
  })
  slug!: string;

  @ApiProperty({ example: 'Acme Corporation', minLength: 1, maxLength: 200 })
  @Transform(trimString)
  @IsString()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;
}
