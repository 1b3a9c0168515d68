import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access (docs/decisions/0009-applications-keys-grants.md): applications (service identities of a
 * tenant), virtual API keys owned by a user or an application (stored only as a keyed hash and a
 * display prefix), and grants of model aliases to a user, a group, an application or a whole
 * tenant. Keys and grants go with their owner or subject (ON DELETE CASCADE); a deleted owner's
 * config revision implies them.
 */
export class CreateAccess1764000000700 implements MigrationInterface {
  name = 'CreateAccess1764000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "applications" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL REFERENCES "tenants" ("id"),
        "name" varchar(100) NOT NULL,
        "description" varchar(1000) NOT NULL DEFAULT '',
        "client_id" varchar(255),
        "active" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )
    `);
    await q.query(
      `CREATE UNIQUE INDEX "uq_applications_tenant_name" ON "applications" ("tenant_id", lower("name"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_applications_tenant_client" ON "applications" ("tenant_id", "client_id") WHERE "client_id" IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE "api_keys" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL REFERENCES "tenants" ("id"),
        "owner_kind" varchar(16) NOT NULL,
        "user_id" uuid REFERENCES "directory_users" ("id") ON DELETE CASCADE,
        "application_id" uuid REFERENCES "applications" ("id") ON DELETE CASCADE,
        "name" varchar(100) NOT NULL,
        "prefix" varchar(16) NOT NULL,
        "key_hash" char(64) NOT NULL,
        "scope_models" jsonb,
        "metadata" jsonb NOT NULL DEFAULT '{}',
        "expires_at" timestamptz,
        "revoked_at" timestamptz,
        "last_used_at" timestamptz,
        "created_by" varchar(255) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_api_keys_owner" CHECK (
          ("owner_kind" = 'user' AND "user_id" IS NOT NULL AND "application_id" IS NULL)
          OR ("owner_kind" = 'application' AND "application_id" IS NOT NULL AND "user_id" IS NULL)
        )
      )
    `);
    await q.query(`CREATE UNIQUE INDEX "uq_api_keys_hash" ON "api_keys" ("key_hash")`);
    await q.query(`CREATE INDEX "ix_api_keys_tenant" ON "api_keys" ("tenant_id", "created_at")`);
    await q.query(`CREATE INDEX "ix_api_keys_user" ON "api_keys" ("user_id") WHERE "user_id" IS NOT NULL`);
    await q.query(
      `CREATE INDEX "ix_api_keys_application" ON "api_keys" ("application_id") WHERE "application_id" IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE "grants" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL REFERENCES "tenants" ("id"),
        "model" varchar(100) NOT NULL,
        "subject_kind" varchar(16) NOT NULL,
        "user_id" uuid REFERENCES "directory_users" ("id") ON DELETE CASCADE,
        "group_id" uuid REFERENCES "directory_groups" ("id") ON DELETE CASCADE,
        "application_id" uuid REFERENCES "applications" ("id") ON DELETE CASCADE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_grants_subject" CHECK (
          ("subject_kind" = 'user' AND "user_id" IS NOT NULL AND "group_id" IS NULL AND "application_id" IS NULL)
          OR ("subject_kind" = 'group' AND "group_id" IS NOT NULL AND "user_id" IS NULL AND "application_id" IS NULL)
          OR ("subject_kind" = 'application' AND "application_id" IS NOT NULL AND "user_id" IS NULL AND "group_id" IS NULL)
          OR ("subject_kind" = 'tenant' AND "user_id" IS NULL AND "group_id" IS NULL AND "application_id" IS NULL)
        )
      )
    `);
    await q.query(
      `CREATE UNIQUE INDEX "uq_grants_subject_model" ON "grants" ("tenant_id", "subject_kind", (COALESCE("user_id", "group_id", "application_id", "tenant_id")), "model")`,
    );
    await q.query(`CREATE INDEX "ix_grants_user" ON "grants" ("user_id") WHERE "user_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_grants_group" ON "grants" ("group_id") WHERE "group_id" IS NOT NULL`);
    await q.query(
      `CREATE INDEX "ix_grants_application" ON "grants" ("application_id") WHERE "application_id" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "grants"`);
    await q.query(`DROP TABLE "api_keys"`);
    await q.query(`DROP TABLE "applications"`);
  }
}
