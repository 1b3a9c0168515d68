import { Injectable } from '@nestjs/common';
import { Settings } from '../../../platform/config/settings.js';
import { TenantsReader } from '../../tenants/tenants.reader.js';
import { openClientSecret } from './client-secret.js';
import type { TenantIdentityProviderEntity } from './entities/tenant-identity-provider.entity.js';
import { IdentityProvidersRepository } from './identity-providers.repository.js';
import { SignInError, SignInErrorCode } from './sign-in.errors.js';
import { SsoRuntime } from './sso-runtime.js';

/** The id of the platform issuer's provider (and the last segment of its callback URL). */
export const PLATFORM_PROVIDER_ID = 'platform';

/** One way to sign in to the console, as the login page lists it. */
export interface SignInOption {
  id: string;
  name: string;
  /** Null for the platform issuer (platform accounts). */
  tenantSlug: string | null;
  loginUrl: string;
}

/** An issuer ready for a sign-in: where it is, the client credentials, and whose people it vouches for. */
export interface ResolvedProvider {
  id: string;
  /** Null for the platform issuer. */
  tenantId: string | null;
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  /** Changes whenever the configuration does, so cached strategies are rebuilt. */
  version: string;
}

/** Finds the issuers the console may sign in with: the platform issuer and each tenant's. */
@Injectable()
export class SsoProviders {
  constructor(
    private readonly providers: IdentityProvidersRepository,
    private readonly tenants: TenantsReader,
    private readonly settings: Settings,
    private readonly runtime: SsoRuntime,
  ) {}

  async options(): Promise<SignInOption[]> {
    const options: SignInOption[] = [];
    const platform = this.runtime.current.platform;
    if (platform !== undefined) {
      options.push({
        id: PLATFORM_PROVIDER_ID,
        name: platform.name,
        tenantSlug: null,
        loginUrl: '/auth/login',
      });
    }
    const rows = await this.providers.all();
    const tenants = await this.tenants.findMany(rows.map((row) => row.tenantId));
    const byId = new Map(rows.map((row) => [row.tenantId, row]));
    for (const tenant of tenants) {
      const row = byId.get(tenant.id);
      if (row === undefined) continue;
      options.push({
        id: row.id,
        name: tenant.name,
        tenantSlug: tenant.slug,
        loginUrl: `/auth/login?tenant=${encodeURIComponent(tenant.slug)}`,
      });
    }
    return options;
  }

  /** The platform issuer, or a tenant's by the slug of the tenant. */
  async forLogin(tenantSlug: string | undefined): Promise<ResolvedProvider> {
    if (tenantSlug === undefined) return this.platform();
    const tenant = await this.tenants.findBySlug(tenantSlug);
    const row = tenant === null ? null : await this.providers.findByTenant(tenant.id);
    if (row === null) {
      throw new SignInError(
        SignInErrorCode.UNKNOWN_PROVIDER,
        `no tenant "${tenantSlug}" with an identity provider`,
      );
    }
    return this.resolve(row);
  }

  /** The provider a callback URL names. */
  async byId(id: string): Promise<ResolvedProvider> {
    if (id === PLATFORM_PROVIDER_ID) return this.platform();
    const row = await this.providers.findById(id);
    if (row === null || (await this.tenants.find(row.tenantId)) === null) {
      throw new SignInError(SignInErrorCode.UNKNOWN_PROVIDER, `no identity provider ${id}`);
    }
    return this.resolve(row);
  }

  private platform(): ResolvedProvider {
    const platform = this.runtime.current.platform;
    if (platform === undefined) {
      throw new SignInError(SignInErrorCode.UNKNOWN_PROVIDER, 'no platform issuer is configured');
    }
    return {
      id: PLATFORM_PROVIDER_ID,
      tenantId: null,
      issuer: platform.issuer,
      clientId: platform.clientId,
      clientSecret: platform.clientSecret,
      groupsClaim: 'groups',
      version: `${platform.issuer}|${platform.clientId}`,
    };
  }

  private resolve(row: TenantIdentityProviderEntity): ResolvedProvider {
    let clientSecret: string;
    try {
      clientSecret = openClientSecret(row.clientSecret, row.tenantId, this.settings.secretKeys.masterKey);
    } catch {
      throw new SignInError(
        SignInErrorCode.IDP_UNAVAILABLE,
        `the client secret of identity provider ${row.id} cannot be decrypted with this master key`,
      );
    }
    return {
      id: row.id,
      tenantId: row.tenantId,
      issuer: row.issuer,
      clientId: row.clientId,
      clientSecret,
      groupsClaim: row.groupsClaim,
      version: `${row.updatedAt.toISOString()}|${row.issuer}|${row.clientId}`,
    };
  }
}
