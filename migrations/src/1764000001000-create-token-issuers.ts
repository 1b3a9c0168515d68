import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token issuers (docs/decisions/0011-token-issuers.md): the IdPs whose access tokens a tenant's
 * callers may present at the data plane instead of an API key, and the claims a model may require
 * of such tokens (e.g. `amr` contains `mfa`).
 */
export class CreateTokenIssuers1764000001000 implements MigrationInterface {
  name = 'CreateTokenIssuers1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "token_issuers" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL REFERENCES "tenants" ("id"),
        "issuer" varchar(500) NOT NULL,
        "audience" jsonb NOT NULL,
        "jwks_uri" varchar(1000) NOT NULL,
        "groups_claim" varchar(100),
        "required_claims" jsonb NOT NULL DEFAULT '[]',
        "algorithms" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )
    `);
    await q.query(
      `CREATE UNIQUE INDEX "uq_token_issuers_tenant_issuer" ON "token_issuers" ("tenant_id", "issuer")`,
    );
    await q.query(`ALTER TABLE "models" ADD COLUMN "required_claims" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "models" DROP COLUMN "required_claims"`);
    await q.query(`DROP TABLE "token_issuers"`);
  }
}
