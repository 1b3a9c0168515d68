import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog (docs/decisions/0008-catalog-and-keys.md): upstream providers and the models routed
 * to them, each global (tenant_id NULL) or owned by a tenant. Provider credentials are stored only
 * as an envelope-encrypted string. A model alias is unique among global models and within a
 * tenant; a tenant's alias may shadow a global one.
 */
export class CreateCatalog1764000000600 implements MigrationInterface {
  name = 'CreateCatalog1764000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "providers" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid REFERENCES "tenants" ("id"),
        "name" varchar(100) NOT NULL,
        "type" varchar(32) NOT NULL,
        "base_url" varchar(512) NOT NULL,
        "credentials" text,
        "options" jsonb NOT NULL DEFAULT '{}',
        "timeout_ms" integer NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )
    `);
    await q.query(`CREATE INDEX "ix_providers_tenant" ON "providers" ("tenant_id", "created_at")`);
    await q.query(`
      CREATE TABLE "models" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid REFERENCES "tenants" ("id"),
        "alias" varchar(100) NOT NULL,
        "description" varchar(1000) NOT NULL DEFAULT '',
        "capabilities" jsonb NOT NULL DEFAULT '[]',
        "context_window" integer,
        "input_price" numeric(14, 6),
        "output_price" numeric(14, 6),
        "cached_input_price" numeric(14, 6),
        "currency" char(3) NOT NULL DEFAULT 'USD',
        "deployments" jsonb NOT NULL DEFAULT '[]',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )
    `);
    await q.query(
      `CREATE UNIQUE INDEX "uq_models_tenant_alias" ON "models" ("tenant_id", "alias") WHERE "tenant_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_models_global_alias" ON "models" ("alias") WHERE "tenant_id" IS NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_models_deployments" ON "models" USING gin ("deployments" jsonb_path_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "models"`);
    await q.query(`DROP TABLE "providers"`);
  }
}
