import { ApiProperty } from '@nestjs/swagger';

export const NODE_STATUSES = ['live', 'stale', 'revoked'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export class NodeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'the data plane software version it enrolled with' }) version!: string;
  @ApiProperty({
    enum: NODE_STATUSES,
    description: 'live: seen in the last 90 s; stale: not; revoked: its assertions are refused',
  })
  status!: NodeStatus;
  @ApiProperty() live!: boolean;
  @ApiProperty({ description: 'the revision the node last acknowledged (0: none yet)' })
  appliedRevision!: number;
  @ApiProperty({ description: 'current revision minus the applied one (never below 0)' })
  lagRevisions!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) appliedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSeenAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'where its last config poll came from' })
  remoteAddress!: string | null;
  @ApiProperty({ format: 'date-time' }) enrolledAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
}

export class RolloutNodeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() appliedRevision!: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'when the node acknowledged its applied revision; null while it is behind this revision',
  })
  appliedAt!: string | null;
}

export class RolloutResponse {
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) committedAt!: string | null;
  @ApiProperty({ description: 'nodes seen in the last 90 s (revoked ones excluded)' }) liveNodes!: number;
  @ApiProperty({ description: 'live nodes that have applied this revision or a later one' })
  appliedNodes!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'the longest time from commit to a live node acknowledging it, in ms (null when unknown or none applied yet)',
  })
  slowestMs!: number | null;
  @ApiProperty({ type: [RolloutNodeResponse], description: 'the live nodes' })
  nodes!: RolloutNodeResponse[];
}
