import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';

export const PRINCIPAL_KINDS = ['user', 'application'] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

/** A user or an application: who owns a key, or whom an access question is about. */
export class PrincipalRefDto {
  @ApiProperty({ enum: PRINCIPAL_KINDS })
  @IsIn(PRINCIPAL_KINDS, { message: 'kind must be user or application' })
  kind!: PrincipalKind;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be the id (uuid) of a user or an application' })
  id!: string;
}
