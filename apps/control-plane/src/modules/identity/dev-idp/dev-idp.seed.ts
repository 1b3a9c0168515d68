import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { AUDIT_TRAIL, type AuditActor, type AuditTrail } from '../../../platform/audit/audit-trail.js';
import { Settings } from '../../../platform/config/settings.js';
import { LOGGER } from '../../../platform/logging/logger.token.js';
import { openClientSecret, sealClientSecret } from '../sso/client-secret.js';
import { DEV_IDP_PATH } from './dev-idp.js';

const SEED_ACTOR: AuditActor = { type: 'system', id: 'dev-idp-seed', display: 'development IdP demo data' };
const DEMO_TENANT = { slug: 'acme', name: 'Acme (demo)' };
const GLOBAL_BINDINGS = [{ group: 'portcullis-platform-admins', role: 'platform-admin' }] as const;
const ACME_BINDINGS = [
  { group: 'acme-owners', role: 'tenant-owner' },
  { group: 'acme-developers', role: 'developer' },
  { group: 'acme-auditors', role: 'auditor' },
] as const;

export interface DevClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The development IdP's demo data, written at every start in that mode and idempotent (also when
 * several control planes start at once on one database): tenant `acme` trusting the development
 * IdP with just-in-time provisioning, and the idp-group role bindings of the demo groups.
 *
 * This is start-up seeding, not a business operation: it writes the rows directly, each with its
 * audit event (actor `dev-idp-seed`) in the same transaction, and never overwrites what an admin
 * changed (a deleted acme stays deleted; an acme trusting another issuer keeps it).
 */
@Injectable()
export class DevIdpSeeder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: Settings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(AUDIT_TRAIL) private readonly audit?: AuditTrail,
  ) {}

  /** Seeds; answers the id of acme's identity provider when it is the development IdP. */
  async seed(client: DevClient): Promise<string | undefined> {
    for (const binding of GLOBAL_BINDINGS) await this.bind(null, binding.group, binding.role);
    const tenantId = await this.tenant();
    if (tenantId === undefined) return undefined;
    for (const binding of ACME_BINDINGS) await this.bind(tenantId, binding.group, binding.role);
    return this.identityProvider(tenantId, client);
  }

  private async tenant(): Promise<string | undefined> {
    await this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO tenants (slug, name, settings) VALUES ($1, $2, $3)
         ON CONFLICT (slug) DO NOTHING RETURNING id`,
        [DEMO_TENANT.slug, DEMO_TENANT.name, JSON.stringify({ jitProvisioning: true })],
      );
      const id = inserted[0]?.id;
      if (id !== undefined) {
        await this.record(manager, 'tenant.create', id, 'tenant', id, {
          id,
          slug: DEMO_TENANT.slug,
          name: DEMO_TENANT.name,
          settings: { zeroDataRetention: false, jitProvisioning: true },
        });
      }
    });
    const rows = await this.dataSource.query<{ id: string; deleted_at: Date | null }[]>(
      'SELECT id, deleted_at FROM tenants WHERE slug = $1',
      [DEMO_TENANT.slug],
    );
    const row = rows[0];
    if (row === undefined || row.deleted_at !== null) {
      this.logger.info('the demo tenant acme was deleted: not seeding it again');
      return undefined;
    }
    return row.id;
  }

  private async bind(tenantId: string | null, group: string, role: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // ON CONFLICT without a target: the unique index over the binding is an expression index.
      const inserted = await manager.query<{ id: string; created_at: Date }[]>(
        `INSERT INTO role_bindings (tenant_id, role, subject_type, subject_name) VALUES ($1, $2, 'idp-group', $3)
         ON CONFLICT DO NOTHING RETURNING id, created_at`,
        [tenantId, role, group],
      );
      const row = inserted[0];
      if (row !== undefined) {
        await this.record(manager, 'role-binding.create', tenantId, 'role-binding', row.id, {
          id: row.id,
          tenantId,
          role,
          subjectType: 'idp-group',
          subjectId: null,
          subjectName: group,
          createdAt: row.created_at.toISOString(),
        });
      }
    });
  }

  private async identityProvider(tenantId: string, client: DevClient): Promise<string | undefined> {
    const masterKey = this.settings.secretKeys.masterKey;
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<
        { id: string; issuer: string; client_id: string; client_secret: string }[]
      >(
        'SELECT id, issuer, client_id, client_secret FROM tenant_identity_providers WHERE tenant_id = $1 FOR UPDATE',
        [tenantId],
      );
      const sealed = sealClientSecret(client.clientSecret, tenantId, masterKey);
      const existing = rows[0];
      if (existing === undefined) {
        const inserted = await manager.query<{ id: string }[]>(
          `INSERT INTO tenant_identity_providers (tenant_id, issuer, client_id, client_secret)
           VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id) DO NOTHING RETURNING id`,
          [tenantId, client.issuer, client.clientId, sealed],
        );
        const id = inserted[0]?.id;
        if (id === undefined) {
          // Another control plane seeded it a moment ago.
          const raced = await manager.query<{ id: string }[]>(
            'SELECT id FROM tenant_identity_providers WHERE tenant_id = $1',
            [tenantId],
          );
          return raced[0]?.id;
        }
        await this.record(manager, 'identity-provider.create', tenantId, 'identity-provider', id, {
          id,
          tenantId,
          issuer: client.issuer,
          clientId: client.clientId,
          clientSecretSet: true,
          groupsClaim: 'groups',
        });
        return id;
      }
      // An admin pointed acme at a real issuer: leave it.
      if (!existing.issuer.endsWith(DEV_IDP_PATH)) return undefined;
      if (
        existing.issuer === client.issuer &&
        existing.client_id === client.clientId &&
        this.opens(existing.client_secret, tenantId, client.clientSecret)
      ) {
        return existing.id;
      }
      // The development IdP moved (another port or PUBLIC_URL) or the master key changed.
      await manager.query(
        `UPDATE tenant_identity_providers SET issuer = $2, client_id = $3, client_secret = $4, updated_at = now()
         WHERE id = $1`,
        [existing.id, client.issuer, client.clientId, sealed],
      );
      await this.record(
        manager,
        'identity-provider.update',
        tenantId,
        'identity-provider',
        existing.id,
        {
          id: existing.id,
          tenantId,
          issuer: client.issuer,
          clientId: client.clientId,
          clientSecretChanged: true,
        },
        { id: existing.id, tenantId, issuer: existing.issuer, clientId: existing.client_id },
      );
      return existing.id;
    });
  }

  private opens(envelope: string, tenantId: string, expected: string): boolean {
    try {
      return openClientSecret(envelope, tenantId, this.settings.secretKeys.masterKey) === expected;
    } catch {
      return false;
    }
  }

  private async record(
    manager: EntityManager,
    action: string,
    tenantId: string | null,
    targetType: string,
    targetId: string,
    after: unknown,
    before?: unknown,
  ): Promise<void> {
    await this.audit?.record(
      {
        action,
        tenantId,
        targetType,
        targetId,
        after,
        ...(before === undefined ? {} : { before }),
        actor: SEED_ACTOR,
      },
      manager,
    );
  }
}
