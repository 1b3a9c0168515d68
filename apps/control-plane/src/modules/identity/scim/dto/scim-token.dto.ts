import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, Length } from 'class-validator';
import type { ScimTokenEntity } from '../entities/scim-token.entity.js';

export class CreateScimTokenDto {
  @ApiProperty({
    format: 'uuid',
    description: 'the tenant whose directory the IdP provisions with this token',
  })
  @IsUUID('all', { message: 'tenantId must be a tenant id (uuid)' })
  tenantId!: string;

  @ApiProperty({ example: 'Okta provisioning' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;
}

export class ScimTokenResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'the first characters of the token, to tell tokens apart' }) prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;

  static from(token: ScimTokenEntity): ScimTokenResponse {
    return {
      id: token.id,
      tenantId: token.tenantId,
      name: token.name,
      prefix: token.prefix,
      createdAt: token.createdAt.toISOString(),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      revokedAt: token.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedScimTokenResponse extends ScimTokenResponse {
  @ApiProperty({ description: 'the bearer token to configure in the IdP: shown this once, never again' })
  token!: string;

  @ApiProperty({
    example: 'https://portcullis.example.com/scim/v2',
    description: 'the SCIM base URL to configure in the IdP',
  })
  scimBaseUrl!: string;
}
