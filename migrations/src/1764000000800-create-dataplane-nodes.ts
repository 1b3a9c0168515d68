import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The data-plane fleet (docs/decisions/0010-config-distribution.md): enrolled nodes with the public
 * halves of their keys (Ed25519 for their assertions, X25519 for the secrets sealed to them) and
 * what they last acknowledged, and the one-use enrollment tokens (stored only as a keyed hash and
 * a display prefix) that platform admins hand to new nodes.
 */
export class CreateDataplaneNodes1764000000800 implements MigrationInterface {
  name = 'CreateDataplaneNodes1764000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "dataplane_nodes" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(100) NOT NULL,
        "version" varchar(64) NOT NULL,
        "signing_key" jsonb NOT NULL,
        "encryption_key" jsonb NOT NULL,
        "enrolled_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz,
        "applied_revision" bigint NOT NULL DEFAULT 0,
        "applied_at" timestamptz,
        "revoked_at" timestamptz,
        "remote_address" varchar(64)
      )
    `);
    // The fleet's live members: rollout and status queries read only these.
    await q.query(
      `CREATE INDEX "ix_dataplane_nodes_active" ON "dataplane_nodes" ("last_seen_at") WHERE "revoked_at" IS NULL`,
    );
    await q.query(`
      CREATE TABLE "enrollment_tokens" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" varchar(100) NOT NULL,
        "prefix" varchar(16) NOT NULL,
        "token_hash" char(64) NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        "used_by_node_id" uuid REFERENCES "dataplane_nodes" ("id"),
        "revoked_at" timestamptz,
        "created_by" varchar(255) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_enrollment_tokens_hash" UNIQUE ("token_hash")
      )
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "enrollment_tokens"`);
    await q.query(`DROP TABLE "dataplane_nodes"`);
  }
}
