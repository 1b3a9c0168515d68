import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { trimString } from '../../../platform/http/input.js';
import { GRANT_SUBJECT_KINDS, type GrantSubjectKind } from '../entities/grant.entity.js';

export class GrantSubjectDto {
  @ApiProperty({ enum: GRANT_SUBJECT_KINDS })
  @IsIn(GRANT_SUBJECT_KINDS, { message: `kind must be one of ${GRANT_SUBJECT_KINDS.join(', ')}` })
  kind!: GrantSubjectKind;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the user, group or application; leave out for tenant',
  })
  @IsOptional()
  @IsUUID('all', { message: 'id must be the id (uuid) of a user, group or application' })
  id?: string;
}

export class CreateGrantDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'tenantId must be the id (uuid) of a tenant' })
  tenantId!: string;

  @ApiProperty({ example: 'gpt-4o', description: 'a model alias the tenant can see, or * for all of them' })
  @Transform(trimString)
  @IsString({ message: 'model is required' })
  @Length(1, 100, { message: 'model must be 1 to 100 characters' })
  model!: string;

  @ApiProperty({ type: GrantSubjectDto })
  @IsObject({ message: 'subject must be an object {kind, id}' })
  @ValidateNested()
  @Type(() => GrantSubjectDto)
  subject!: GrantSubjectDto;
}

export class GrantSubjectResponse {
  @ApiProperty({ enum: GRANT_SUBJECT_KINDS }) kind!: GrantSubjectKind;
  @ApiProperty({ format: 'uuid', description: 'for kind tenant: the tenant id' }) id!: string;
}

export class GrantResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() model!: string;
  @ApiProperty() subject!: GrantSubjectResponse;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
