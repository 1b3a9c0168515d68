import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../../../platform/auth/principal.js';
import type { RoleBindingEntity, RoleSubjectType } from '../entities/role-binding.entity.js';

const SUBJECT_TYPES = ['user', 'group', 'idp-group'] as const;

export class CreateRoleBindingDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null (or absent) binds globally' })
  @IsOptional()
  @IsUUID('all', { message: 'tenantId must be a tenant id (uuid) or null' })
  tenantId?: string | null;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ enum: SUBJECT_TYPES })
  @IsIn(SUBJECT_TYPES, { message: `subjectType must be one of ${SUBJECT_TYPES.join(', ')}` })
  subjectType!: RoleSubjectType;

  @ApiPropertyOptional({ format: 'uuid', description: 'the user or group id (subjectType user or group)' })
  @ValidateIf((dto: CreateRoleBindingDto) => dto.subjectType !== 'idp-group')
  @IsUUID('all', { message: 'subjectId must be the id (uuid) of a user or group' })
  subjectId?: string;

  @ApiPropertyOptional({
    example: 'portcullis-admins',
    description: 'the IdP group name (subjectType idp-group)',
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @ValidateIf((dto: CreateRoleBindingDto) => dto.subjectType === 'idp-group')
  @IsString({ message: 'subjectName is required for an idp-group binding' })
  @Length(1, 255, { message: 'subjectName must be 1 to 255 characters' })
  subjectName?: string;
}

export class RoleBindingResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId!: string | null;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ enum: SUBJECT_TYPES }) subjectType!: RoleSubjectType;
  @ApiProperty({ nullable: true, type: String }) subjectId!: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectName!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(binding: RoleBindingEntity): RoleBindingResponse {
    return {
      id: binding.id,
      tenantId: binding.tenantId,
      role: binding.role,
      subjectType: binding.subjectType,
      subjectId: binding.subjectId,
      subjectName: binding.subjectName,
      createdAt: binding.createdAt.toISOString(),
    };
  }
}
