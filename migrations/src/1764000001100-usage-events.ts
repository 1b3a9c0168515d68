import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage events (docs/decisions/0013-usage-events.md): one row per model call a data-plane node
 * reported, keyed by the id the node chose, so a replayed batch is stored once. Tokens, cost and
 * latency are columns so they can be summed. No foreign keys: an event outlives the tenant, key,
 * node or provider it names, like an audit event.
 */
export class CreateUsageEvents1764000001100 implements MigrationInterface {
  name = 'CreateUsageEvents1764000001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "usage_events" (
        "id" uuid PRIMARY KEY,
        "request_id" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "received_at" timestamptz NOT NULL,
        "node_id" uuid NOT NULL,
        "tenant_id" uuid NOT NULL,
        "principal_kind" varchar(16) NOT NULL,
        "principal_id" text NOT NULL,
        "key_id" uuid,
        "route" varchar(32) NOT NULL,
        "model" text NOT NULL,
        "stream" boolean NOT NULL,
        "provider_id" uuid,
        "upstream_model" text,
        "status" smallint NOT NULL,
        "error_code" text,
        "input_tokens" bigint,
        "output_tokens" bigint,
        "cached_input_tokens" bigint,
        "tokens_estimated" boolean,
        "cost_amount" numeric,
        "cost_currency" char(3),
        "latency_ms" double precision NOT NULL,
        "upstream_latency_ms" double precision,
        "attempts" smallint NOT NULL,
        "cache_hit" boolean NOT NULL,
        "redactions" jsonb NOT NULL
      )
    `);
    await q.query(
      `CREATE INDEX "ix_usage_events_tenant_occurred" ON "usage_events" ("tenant_id", "occurred_at")`,
    );
    await q.query(
      `CREATE INDEX "ix_usage_events_principal" ON "usage_events" ("tenant_id", "principal_kind", "principal_id", "occurred_at")`,
    );
    await q.query(`CREATE INDEX "ix_usage_events_key" ON "usage_events" ("key_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "usage_events"`);
  }
}
