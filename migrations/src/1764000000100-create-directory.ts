import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory (users, groups, memberships), role bindings and personal access tokens; tenant
 * settings and soft deletion.
 */
export class CreateDirectory1764000000100 implements MigrationInterface {
  name = 'CreateDirectory1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tenants" ADD "settings" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "tenants" ADD "deleted_at" timestamptz`);

    await q.query(`
      CREATE TABLE "directory_users" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid REFERENCES "tenants" ("id"),
        "source" varchar(16) NOT NULL,
        "external_id" varchar(255),
        "user_name" varchar(255) NOT NULL,
        "display_name" varchar(255),
        "given_name" varchar(255),
        "family_name" varchar(255),
        "emails" jsonb NOT NULL DEFAULT '[]',
        "primary_email" varchar(320),
        "active" boolean NOT NULL DEFAULT true,
        "oidc_issuer" varchar(512),
        "oidc_subject" varchar(255),
        "attributes" jsonb NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_directory_users_source" CHECK ("source" IN ('scim', 'oidc-jit', 'local')),
        CONSTRAINT "ck_directory_users_oidc" CHECK (("oidc_issuer" IS NULL) = ("oidc_subject" IS NULL))
      )
    `);
    // A user with no tenant is a platform account (signed in through the platform issuer).
    await q.query(`
      CREATE UNIQUE INDEX "uq_directory_users_user_name"
      ON "directory_users" (COALESCE("tenant_id", '00000000-0000-0000-0000-000000000000'), lower("user_name"))
    `);
    await q.query(`
      CREATE UNIQUE INDEX "uq_directory_users_oidc"
      ON "directory_users" (COALESCE("tenant_id", '00000000-0000-0000-0000-000000000000'), "oidc_issuer", "oidc_subject")
      WHERE "oidc_subject" IS NOT NULL
    `);
    await q.query(
      `CREATE INDEX "ix_directory_users_email" ON "directory_users" ("tenant_id", "primary_email")`,
    );

    await q.query(`
      CREATE TABLE "directory_groups" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL REFERENCES "tenants" ("id"),
        "source" varchar(16) NOT NULL,
        "display_name" varchar(255) NOT NULL,
        "external_id" varchar(255),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_directory_groups_source" CHECK ("source" IN ('scim', 'oidc-jit', 'local'))
      )
    `);
    await q.query(
      `CREATE UNIQUE INDEX "uq_directory_groups_name" ON "directory_groups" ("tenant_id", lower("display_name"))`,
    );

    await q.query(`
      CREATE TABLE "group_memberships" (
        "group_id" uuid NOT NULL REFERENCES "directory_groups" ("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL REFERENCES "directory_users" ("id") ON DELETE CASCADE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_group_memberships" PRIMARY KEY ("group_id", "user_id")
      )
    `);
    await q.query(`CREATE INDEX "ix_group_memberships_user" ON "group_memberships" ("user_id")`);

    await q.query(`
      CREATE TABLE "role_bindings" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid REFERENCES "tenants" ("id"),
        "role" varchar(32) NOT NULL,
        "subject_type" varchar(16) NOT NULL,
        "subject_id" uuid,
        "subject_name" varchar(255),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_role_bindings_role" CHECK ("role" IN ('platform-admin', 'tenant-owner', 'developer', 'auditor')),
        CONSTRAINT "ck_role_bindings_subject_type" CHECK ("subject_type" IN ('user', 'group', 'idp-group')),
        CONSTRAINT "ck_role_bindings_subject" CHECK (
          ("subject_type" = 'idp-group' AND "subject_name" IS NOT NULL AND "subject_id" IS NULL)
          OR ("subject_type" <> 'idp-group' AND "subject_id" IS NOT NULL AND "subject_name" IS NULL)
        ),
        CONSTRAINT "ck_role_bindings_platform_admin_global" CHECK ("role" <> 'platform-admin' OR "tenant_id" IS NULL)
      )
    `);
    await q.query(`
      CREATE UNIQUE INDEX "uq_role_bindings" ON "role_bindings" (
        COALESCE("tenant_id", '00000000-0000-0000-0000-000000000000'), "role", "subject_type",
        COALESCE("subject_id", '00000000-0000-0000-0000-000000000000'), COALESCE("subject_name", '')
      )
    `);
    await q.query(`CREATE INDEX "ix_role_bindings_subject" ON "role_bindings" ("subject_id")`);

    await q.query(`
      CREATE TABLE "personal_access_tokens" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "directory_users" ("id") ON DELETE CASCADE,
        "name" varchar(100) NOT NULL,
        "prefix" varchar(16) NOT NULL,
        "token_hash" char(64) NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        "last_used_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_personal_access_tokens_hash" UNIQUE ("token_hash")
      )
    `);
    await q.query(`CREATE INDEX "ix_personal_access_tokens_user" ON "personal_access_tokens" ("user_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "personal_access_tokens"`);
    await q.query(`DROP TABLE "role_bindings"`);
    await q.query(`DROP TABLE "group_memberships"`);
    await q.query(`DROP TABLE "directory_groups"`);
    await q.query(`DROP TABLE "directory_users"`);
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "deleted_at"`);
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "settings"`);
  }
}
