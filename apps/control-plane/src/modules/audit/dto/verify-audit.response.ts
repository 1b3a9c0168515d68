import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const BROKEN_REASONS = ['hash mismatch', 'broken link'] as const;
export type BrokenReason = (typeof BROKEN_REASONS)[number];

/**
 * The outcome of walking the whole chain: `ok` with the head it reached, or the first event
 * whose hash does not match its content (`hash mismatch`) or whose prevHash is not the hash of
 * the event before it (`broken link`: an event was removed, inserted or rewritten).
 */
export class VerifyAuditResponse {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Events checked (up to and excluding the first broken one)' }) checked!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'ok: seq of the head' })
  lastSeq?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'ok: hash of the head' })
  lastHash?: string | null;
  @ApiPropertyOptional({ description: 'not ok: seq of the first broken event' }) firstBrokenSeq?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'not ok: id of the first broken event' })
  firstBrokenId?: string;
  @ApiPropertyOptional({ enum: BROKEN_REASONS }) reason?: BrokenReason;
}
