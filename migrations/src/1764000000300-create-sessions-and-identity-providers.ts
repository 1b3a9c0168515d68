import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console sign-in: the server-side store of browser sessions, and the OpenID Connect issuer each
 * tenant may trust (docs/decisions/0006-oidc-sign-in.md). A tenant trusts at most one issuer; its
 * client secret is stored encrypted with the master key.
 */
export class CreateSessionsAndIdentityProviders1764000000300 implements MigrationInterface {
  name = 'CreateSessionsAndIdentityProviders1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "sessions" (
        "sid" varchar(128) PRIMARY KEY,
        "data" jsonb NOT NULL,
        "expires_at" timestamptz NOT NULL
      )
    `);
    await q.query(`CREATE INDEX "ix_sessions_expires_at" ON "sessions" ("expires_at")`);

    await q.query(`
      CREATE TABLE "tenant_identity_providers" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL REFERENCES "tenants" ("id"),
        "issuer" varchar(512) NOT NULL,
        "client_id" varchar(255) NOT NULL,
        "client_secret" text NOT NULL,
        "groups_claim" varchar(100) NOT NULL DEFAULT 'groups',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_tenant_identity_providers_tenant" UNIQUE ("tenant_id")
      )
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tenant_identity_providers"`);
    await q.query(`DROP TABLE "sessions"`);
  }
}
