import { ApiProperty } from '@nestjs/swagger';

export class MeTenantResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ isArray: true, type: String }) roles!: string[];
}

export class MeResponse {
  @ApiProperty({ example: 'admin-token', description: 'the directory user id, or admin-token' })
  subject!: string;
  @ApiProperty({ example: 'Break-glass administrator' }) displayName!: string;
  @ApiProperty({ enum: ['admin-token', 'session', 'personal-access-token'] }) via!: string;
  @ApiProperty({ isArray: true, type: String, description: 'every role held, globally or in any tenant' })
  roles!: string[];
  @ApiProperty({ isArray: true, type: String, description: 'roles bound globally' }) globalRoles!: string[];
  @ApiProperty({ type: [MeTenantResponse], description: 'the tenants where a role is held' })
  tenants!: MeTenantResponse[];
}
