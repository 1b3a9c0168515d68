import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only, hash-chained audit trail (docs/decisions/0005). No foreign keys: an event must
 * outlive the tenant, user or object it talks about. A trigger refuses every UPDATE, DELETE and
 * TRUNCATE, so rows can only be appended.
 */
export class CreateAuditEvents1764000000200 implements MigrationInterface {
  name = 'CreateAuditEvents1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_events" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "seq" bigserial NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "actor_type" varchar(16) NOT NULL,
        "actor_id" text NOT NULL,
        "actor_display" text,
        "tenant_id" uuid,
        "action" text NOT NULL,
        "target_type" text NOT NULL,
        "target_id" text,
        "before" jsonb,
        "after" jsonb,
        "ip" text,
        "user_agent" text,
        "request_id" text,
        "prev_hash" char(64),
        "hash" char(64) NOT NULL,
        CONSTRAINT "uq_audit_events_seq" UNIQUE ("seq")
      )
    `);
    await q.query(
      `CREATE INDEX "ix_audit_events_tenant_occurred" ON "audit_events" ("tenant_id", "occurred_at")`,
    );
    await q.query(`CREATE INDEX "ix_audit_events_actor" ON "audit_events" ("actor_id")`);
    await q.query(`CREATE INDEX "ix_audit_events_action" ON "audit_events" ("action")`);
    await q.query(`CREATE INDEX "ix_audit_events_target" ON "audit_events" ("target_type", "target_id")`);
    await q.query(`CREATE INDEX "ix_audit_events_request" ON "audit_events" ("request_id")`);
    await q.query(`
      CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on audit_events is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$
    `);
    await q.query(`
      CREATE TRIGGER "audit_events_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_events"
      FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()
    `);
    await q.query(`
      CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Dropping the table drops its triggers and indexes; the function goes last.
    await q.query(`DROP TABLE "audit_events"`);
    await q.query(`DROP FUNCTION "audit_events_append_only"()`);
  }
}
