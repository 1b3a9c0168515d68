import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The publisher's keys (docs/decisions/0010-config-distribution.md): the Ed25519 keys that sign
 * config bundles (private halves sealed under the master key; one active at a time) and the fleet
 * secrets shared with data-plane nodes. The change log learns which users a membership change
 * touched, so a delta can carry their new groups.
 */
export class CreatePublisherKeys1764000000900 implements MigrationInterface {
  name = 'CreatePublisherKeys1764000000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "signing_keys" (
        "kid" varchar(64) PRIMARY KEY,
        "public_jwk" jsonb NOT NULL,
        "private_key" text NOT NULL,
        "status" varchar(16) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "activated_at" timestamptz,
        "retired_at" timestamptz,
        CONSTRAINT "ck_signing_keys_status" CHECK ("status" IN ('next', 'active', 'retired'))
      )
    `);
    await q.query(
      `CREATE UNIQUE INDEX "uq_signing_keys_active" ON "signing_keys" ("status") WHERE "status" = 'active'`,
    );
    await q.query(`
      CREATE TABLE "fleet_secrets" (
        "name" varchar(64) PRIMARY KEY,
        "kid" varchar(64) NOT NULL,
        "sealed" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )
    `);
    await q.query(`ALTER TABLE "config_changes" ADD COLUMN "related_ids" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "config_changes" DROP COLUMN "related_ids"`);
    await q.query(`DROP TABLE "fleet_secrets"`);
    await q.query(`DROP TABLE "signing_keys"`);
  }
}
