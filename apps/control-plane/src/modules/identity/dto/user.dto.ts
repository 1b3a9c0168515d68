import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import type { DirectoryUserEntity } from '../entities/directory-user.entity.js';
import { trimString } from '../../../platform/http/input.js';

export class CreateUserDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'tenantId must be a tenant id (uuid)' })
  tenantId!: string;

  @ApiProperty({ example: 'ada@example.com', description: 'unique in the tenant, case-insensitive' })
  @Transform(trimString)
  @IsString()
  @Length(1, 255, { message: 'userName must be 1 to 255 characters' })
  userName!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @Transform(trimString)
  @IsOptional()
  @IsString()
  @MaxLength(255)
  displayName?: string;

  @ApiPropertyOptional({ example: 'ada@example.com' })
  @Transform(trimString)
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Absent leaves a field as it is; null clears displayName or email. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Ada Lovelace', nullable: true, type: String })
  @Transform(trimString)
  @IsOptional()
  @IsString()
  @MaxLength(255)
  displayName?: string | null;

  @ApiPropertyOptional({ example: 'ada@example.com', nullable: true, type: String })
  @Transform(trimString)
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() userName!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ enum: ['scim', 'oidc-jit', 'local'] }) source!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ description: 'false when the IdP owns this record (SCIM): change it there' })
  editable!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(user: DirectoryUserEntity): UserResponse {
    return {
      id: user.id,
      tenantId: user.tenantId ?? '',
      userName: user.userName,
      displayName: user.displayName,
      email: user.primaryEmail,
      active: user.active,
      source: user.source,
      externalId: user.externalId,
      editable: user.source !== 'scim',
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}
