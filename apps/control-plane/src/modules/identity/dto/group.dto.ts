import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { DirectoryGroupEntity } from '../entities/directory-group.entity.js';
import { trimString } from '../../../platform/http/input.js';

export class CreateGroupDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'tenantId must be a tenant id (uuid)' })
  tenantId!: string;

  @ApiProperty({ example: 'ml-engineers' })
  @Transform(trimString)
  @IsString()
  @Length(1, 255, { message: 'displayName must be 1 to 255 characters' })
  displayName!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true, message: 'memberIds must be user ids (uuid)' })
  memberIds?: string[];
}

export class UpdateGroupDto {
  @ApiPropertyOptional({ example: 'ml-engineers' })
  @Transform(trimString)
  @IsOptional()
  @IsString()
  @Length(1, 255, { message: 'displayName must be 1 to 255 characters' })
  displayName?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'replaces the whole member list' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true, message: 'memberIds must be user ids (uuid)' })
  memberIds?: string[];
}

export class GroupResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['scim', 'oidc-jit', 'local'] }) source!: string;
  @ApiProperty({ nullable: true, type: String }) externalId!: string | null;
  @ApiProperty({ type: [String] }) memberIds!: string[];
  @ApiProperty() editable!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(group: DirectoryGroupEntity, memberIds: string[]): GroupResponse {
    return {
      id: group.id,
      tenantId: group.tenantId,
      displayName: group.displayName,
      source: group.source,
      externalId: group.externalId,
      memberIds,
      editable: group.source !== 'scim',
      createdAt: group.createdAt.toISOString(),
      updatedAt: group.updatedAt.toISOString(),
    };
  }
}
