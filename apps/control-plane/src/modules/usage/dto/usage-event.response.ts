import { ApiProperty } from '@nestjs/swagger';
import type { UsageEventEntity } from '../entities/usage-event.entity.js';

class UsagePrincipalResponse {
  @ApiProperty({ enum: ['user', 'application'] }) kind!: 'user' | 'application';
  @ApiProperty({
    description: 'a directory user or application id; `jit:<sub>` for a token caller not in the directory',
  })
  id!: string;
}

class UsageDeploymentResponse {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty() upstreamModel!: string;
}

class UsageTokensResponse {
  @ApiProperty() input!: number;
  @ApiProperty() output!: number;
  @ApiProperty() cachedInput!: number;
  @ApiProperty({ description: 'true when the provider reported nothing and the node estimated' })
  estimated!: boolean;
}

class UsageCostResponse {
  @ApiProperty() amount!: number;
  @ApiProperty({ example: 'USD' }) currency!: string;
}

class UsageLatencyResponse {
  @ApiProperty({ description: 'from the request’s arrival to the last byte sent' }) total!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'waiting for providers, all attempts' })
  upstream!: number | null;
}

/** One model call as a node reported it (libs/contracts `usageEventSchema`), plus where it came from. */
export class UsageEventResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'the x-request-id the client saw' }) requestId!: string;
  @ApiProperty({ format: 'date-time', description: 'when the call started' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time', description: 'when the control plane accepted the batch' })
  receivedAt!: string;
  @ApiProperty({ format: 'uuid', description: 'the data-plane node that reported it' }) nodeId!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty({ type: UsagePrincipalResponse }) principal!: UsagePrincipalResponse;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for an IdP token' })
  keyId!: string | null;
  @ApiProperty({ enum: ['chat.completions', 'embeddings', 'messages'] }) route!: string;
  @ApiProperty({ description: 'the model alias the caller asked for' }) model!: string;
  @ApiProperty() stream!: boolean;
  @ApiProperty({ type: UsageDeploymentResponse, nullable: true }) deployment!: UsageDeploymentResponse | null;
  @ApiProperty({ description: 'the HTTP status the client got' }) status!: number;
  @ApiProperty({ nullable: true, type: String, example: 'no_grant' }) errorCode!: string | null;
  @ApiProperty({ type: UsageTokensResponse, nullable: true }) tokens!: UsageTokensResponse | null;
  @ApiProperty({ type: UsageCostResponse, nullable: true }) cost!: UsageCostResponse | null;
  @ApiProperty({ type: UsageLatencyResponse }) latencyMs!: UsageLatencyResponse;
  @ApiProperty() attempts!: number;
  @ApiProperty() cacheHit!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'redacted entities by type',
  })
  redactions!: Record<string, number>;

  static from(row: UsageEventEntity): UsageEventResponse {
    return {
      id: row.id,
      requestId: row.requestId,
      occurredAt: row.occurredAt.toISOString(),
      receivedAt: row.receivedAt.toISOString(),
      nodeId: row.nodeId,
      tenantId: row.tenantId,
      principal: { kind: row.principalKind, id: row.principalId },
      keyId: row.keyId,
      route: row.route,
      model: row.model,
      stream: row.stream,
      deployment:
        row.providerId === null || row.upstreamModel === null
          ? null
          : { providerId: row.providerId, upstreamModel: row.upstreamModel },
      status: row.status,
      errorCode: row.errorCode,
      tokens:
        row.inputTokens === null
          ? null
          : {
              input: Number(row.inputTokens),
              output: Number(row.outputTokens ?? 0),
              cachedInput: Number(row.cachedInputTokens ?? 0),
              estimated: row.tokensEstimated ?? false,
            },
      cost:
        row.costAmount === null || row.costCurrency === null
          ? null
          : { amount: Number(row.costAmount), currency: row.costCurrency },
      latencyMs: { total: row.latencyMs, upstream: row.upstreamLatencyMs },
      attempts: row.attempts,
      cacheHit: row.cacheHit,
      redactions: row.redactions,
    };
  }
}

export class UsageAcceptedResponse {
  @ApiProperty({ description: 'how many events the batch held; each is stored once, by its id' })
  accepted!: number;
}
