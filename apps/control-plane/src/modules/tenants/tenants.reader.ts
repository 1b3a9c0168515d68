import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository } from 'typeorm';
import { type TenantScope, scopeIncludes } from '../../platform/auth/authorization.js';
import { AppError } from '../../platform/errors/app-error.js';
import { DEFAULT_TENANT_SETTINGS, TenantEntity, type TenantSettings } from './entities/tenant.entity.js';
import { isUuid } from '../../platform/http/input.js';

export interface TenantSummary {
  id: string;
  slug: string;
  name: string;
  settings: TenantSettings;
}

/** PUBLIC: what other contexts may read about tenants. Deleted tenants do not exist here. */
@Injectable()
export class TenantsReader {
  constructor(@InjectRepository(TenantEntity) private readonly tenants: Repository<TenantEntity>) {}

  async find(id: string): Promise<TenantSummary | null> {
    if (!isUuid(id)) return null;
    const tenant = await this.tenants.findOneBy({ id });
    return tenant === null ? null : summarize(tenant);
  }

  async findBySlug(slug: string): Promise<TenantSummary | null> {
    const tenant = await this.tenants.findOneBy({ slug });
    return tenant === null ? null : summarize(tenant);
  }

  async findMany(ids: readonly string[]): Promise<TenantSummary[]> {
    const valid = ids.filter((id) => isUuid(id));
    if (valid.length === 0) return [];
    const rows = await this.tenants.find({ where: { id: In(valid) }, order: { name: 'ASC' } });
    return rows.map(summarize);
  }

  /** A tenant the caller may act in: outside the scope, or deleted, it does not exist (404). */
  async assertInScope(scope: TenantScope, tenantId: string): Promise<TenantSummary> {
    const tenant = scopeIncludes(scope, tenantId) ? await this.find(tenantId) : null;
    if (tenant === null) {
      throw AppError.validation([
        { field: 'tenantId', message: 'no such tenant, or not one you may manage' },
      ]);
    }
    return tenant;
  }
}

/** A tenant as the data plane's configuration carries it. */
export interface BundleTenantRecord {
  id: string;
  slug: string;
  name: string;
  settings: TenantSettings;
}

/**
 * Live (not deleted) tenants for the config bundle, all or those among `ids`, read through
 * `manager` so the publisher sees one consistent snapshot.
 */
export async function readBundleTenants(
  manager: EntityManager,
  ids?: readonly string[],
): Promise<BundleTenantRecord[]> {
  const rows = await manager.query<
    { id: string; slug: string; name: string; settings: Partial<TenantSettings> }[]
  >(
    `SELECT id, slug, name, settings FROM tenants WHERE deleted_at IS NULL ${ids === undefined ? '' : 'AND id = ANY($1::uuid[])'}`,
    ids === undefined ? [] : [ids],
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    settings: { ...DEFAULT_TENANT_SETTINGS, ...row.settings },
  }));
}

export function tenantSettings(tenant: TenantEntity): TenantSettings {
  return { ...DEFAULT_TENANT_SETTINGS, ...tenant.settings };
}

function summarize(tenant: TenantEntity): TenantSummary {
  return { id: tenant.id, slug: tenant.slug, name: tenant.name, settings: tenantSettings(tenant) };
}
