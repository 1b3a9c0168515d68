import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The config revision counter and its change log (one row per revision). */
export class CreateConfigChanges1764000000500 implements MigrationInterface {
  name = 'CreateConfigChanges1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "config_changes" (
        "revision" bigint NOT NULL,
        "occurred_at" timestamptz NOT NULL DEFAULT now(),
        "tenant_id" uuid,
        "entity" varchar(64) NOT NULL,
        "entity_id" varchar(255) NOT NULL,
        "op" varchar(32) NOT NULL,
        CONSTRAINT "pk_config_changes" PRIMARY KEY ("revision")
      )
    `);
    await q.query(`CREATE INDEX "ix_config_changes_tenant" ON "config_changes" ("tenant_id", "revision")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "config_changes"`);
  }
}
