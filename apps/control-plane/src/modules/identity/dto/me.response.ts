import { ApiProperty } from '@nestjs/swagger';

export class MeResponse {
  @ApiProperty({ example: 'admin-token' }) subject!: string;
  @ApiProperty({ example: 'Break-glass administrator' }) displayName!: string;
  @ApiProperty({ example: ['platform-admin'], isArray: true, type: String }) roles!: string[];
}
