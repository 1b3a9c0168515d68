import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class UsageTokenSums {
  @ApiProperty() input!: number;
  @ApiProperty() output!: number;
  @ApiProperty() cachedInput!: number;
}

class UsageCostSum {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty() amount!: number;
}

export class UsageSums {
  @ApiProperty() calls!: number;
  @ApiProperty({ description: 'calls the client got a status of 400 or more for (refusals included)' })
  errors!: number;
  @ApiProperty({ type: UsageTokenSums, description: 'calls without counted tokens add nothing' })
  tokens!: UsageTokenSums;
  @ApiProperty({ type: [UsageCostSum], description: 'one sum per currency; unpriced calls add nothing' })
  cost!: UsageCostSum[];
}

class UsageSummaryPrincipal {
  @ApiProperty({ enum: ['user', 'application'] }) kind!: string;
  @ApiProperty() id!: string;
}

/** One group's sums; only the key of the requested grouping is present. */
export class UsageSummaryGroup extends UsageSums {
  @ApiPropertyOptional({ description: 'groupBy=model' }) model?: string;
  @ApiPropertyOptional({ type: UsageSummaryPrincipal, description: 'groupBy=principal' })
  principal?: UsageSummaryPrincipal;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'groupBy=key; null groups the calls made with IdP tokens',
  })
  keyId?: string | null;
  @ApiPropertyOptional({ example: '2026-11-24', description: 'groupBy=day (UTC)' }) day?: string;
}

export class UsageSummaryResponse {
  @ApiProperty({ enum: ['model', 'principal', 'key', 'day'] }) groupBy!: string;
  @ApiProperty({ type: UsageSums, description: 'over every event the filter selects' }) total!: UsageSums;
  @ApiProperty({
    type: [UsageSummaryGroup],
    description: 'days in order; other groups by calls, most first',
  })
  groups!: UsageSummaryGroup[];
  @ApiProperty({ description: 'true when there were more groups than the 1,000 listed' })
  truncated!: boolean;
}
