import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SCIM provisioning (docs/decisions/0007-scim.md): the per-tenant bearer tokens IdPs push with,
 * stored only as a keyed hash, and the indexes that SCIM filters translate to, so that a lookup
 * such as Okta's `userName eq "…"` never scans a tenant's directory.
 */
export class CreateScimTokens1764000000400 implements MigrationInterface {
  name = 'CreateScimTokens1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "scim_tokens" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL REFERENCES "tenants" ("id"),
        "name" varchar(100) NOT NULL,
        "prefix" varchar(16) NOT NULL,
        "token_hash" char(64) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_used_at" timestamptz,
        "revoked_at" timestamptz,
        CONSTRAINT "uq_scim_tokens_hash" UNIQUE ("token_hash")
      )
    `);
    await q.query(`CREATE INDEX "ix_scim_tokens_tenant" ON "scim_tokens" ("tenant_id", "created_at")`);

    // Every e-mail value of a user, lower-cased: `emails.value eq "x"` (and `emails[value eq "x"]`)
    // become an indexed array containment whichever of the user's addresses matches.
    await q.query(`
      CREATE FUNCTION "scim_email_values"("emails" jsonb) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT COALESCE(array_agg(lower("e" ->> 'value')) FILTER (WHERE "e" ->> 'value' IS NOT NULL), '{}')
        FROM jsonb_array_elements(CASE jsonb_typeof("emails") WHEN 'array' THEN "emails" ELSE '[]'::jsonb END) AS "e"
      $$
    `);
    await q.query(
      `CREATE INDEX "ix_directory_users_emails" ON "directory_users" USING gin (scim_email_values("emails"))`,
    );
    // text_pattern_ops serves both equality and prefix (`sw`) matches on the lower-cased value.
    await q.query(`
      CREATE INDEX "ix_directory_users_user_name_pattern"
      ON "directory_users" ("tenant_id", lower("user_name") text_pattern_ops)
    `);
    await q.query(`
      CREATE INDEX "ix_directory_users_display_name"
      ON "directory_users" ("tenant_id", lower("display_name") text_pattern_ops)
    `);
    await q.query(
      `CREATE INDEX "ix_directory_users_external_id" ON "directory_users" ("tenant_id", "external_id")`,
    );
    await q.query(`CREATE INDEX "ix_directory_users_active" ON "directory_users" ("tenant_id", "active")`);
    // Stable SCIM paging order, and meta.created / meta.lastModified comparisons.
    await q.query(
      `CREATE INDEX "ix_directory_users_created" ON "directory_users" ("tenant_id", "created_at", "id")`,
    );
    await q.query(
      `CREATE INDEX "ix_directory_users_updated" ON "directory_users" ("tenant_id", "updated_at")`,
    );

    await q.query(`
      CREATE INDEX "ix_directory_groups_display_name_pattern"
      ON "directory_groups" ("tenant_id", lower("display_name") text_pattern_ops)
    `);
    await q.query(
      `CREATE INDEX "ix_directory_groups_external_id" ON "directory_groups" ("tenant_id", "external_id")`,
    );
    await q.query(
      `CREATE INDEX "ix_directory_groups_created" ON "directory_groups" ("tenant_id", "created_at", "id")`,
    );
    await q.query(
      `CREATE INDEX "ix_directory_groups_updated" ON "directory_groups" ("tenant_id", "updated_at")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_directory_groups_updated"`);
    await q.query(`DROP INDEX "ix_directory_groups_created"`);
    await q.query(`DROP INDEX "ix_directory_groups_external_id"`);
    await q.query(`DROP INDEX "ix_directory_groups_display_name_pattern"`);
    await q.query(`DROP INDEX "ix_directory_users_updated"`);
    await q.query(`DROP INDEX "ix_directory_users_created"`);
    await q.query(`DROP INDEX "ix_directory_users_active"`);
    await q.query(`DROP INDEX "ix_directory_users_external_id"`);
    await q.query(`DROP INDEX "ix_directory_users_display_name"`);
    await q.query(`DROP INDEX "ix_directory_users_user_name_pattern"`);
    await q.query(`DROP INDEX "ix_directory_users_emails"`);
    await q.query(`DROP FUNCTION "scim_email_values"(jsonb)`);
    await q.query(`DROP TABLE "scim_tokens"`);
  }
}
