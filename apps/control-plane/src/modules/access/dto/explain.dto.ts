import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { trimString } from '../../../platform/http/input.js';
import { PRINCIPAL_KINDS, PrincipalRefDto, type PrincipalKind } from './subject.dto.js';

/** Name either a subject (user or application) or a key, and a model alias. */
export class ExplainAccessDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'optional: must match the subject’s or key’s tenant' })
  @IsOptional()
  @IsUUID('all', { message: 'tenantId must be the id (uuid) of a tenant' })
  tenantId?: string;

  @ApiPropertyOptional({ type: PrincipalRefDto })
  @IsOptional()
  @IsObject({ message: 'subject must be an object {kind, id}' })
  @ValidateNested()
  @Type(() => PrincipalRefDto)
  subject?: PrincipalRefDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'an API key id (not the key itself)' })
  @IsOptional()
  @IsUUID('all', { message: 'keyId must be the id (uuid) of an API key' })
  keyId?: string;

  @ApiProperty({ example: 'gpt-4o' })
  @Transform(trimString)
  @IsString({ message: 'model is required' })
  @Length(1, 100, { message: 'model must be 1 to 100 characters' })
  model!: string;
}

export class ExplainReasonResponse {
  @ApiProperty({ example: 'GRANTED_VIA_GROUP' }) code!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty() message!: string;
}

export class ExplainSubjectResponse {
  @ApiProperty({ enum: PRINCIPAL_KINDS }) kind!: PrincipalKind;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ExplainKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() prefix!: string;
}

export class ExplainAccessResponse {
  @ApiProperty() allowed!: boolean;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() subject!: ExplainSubjectResponse;
  @ApiProperty({ nullable: true, type: ExplainKeyResponse }) key!: ExplainKeyResponse | null;
  @ApiProperty() model!: string;
  @ApiProperty({ type: [ExplainReasonResponse], description: 'every check, in evaluation order' })
  reasons!: ExplainReasonResponse[];
}
