import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** The slug is immutable: it names the tenant in URLs, SCIM endpoints and audit records. */
export class UpdateTenantDto {
  @ApiProperty({ example: 'Acme Corporation', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;
}
