import { Injectable } from '@nestjs/common';
import { assertInScope, tenantScope } from '../../../platform/auth/authorization.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { Settings } from '../../../platform/config/settings.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { Transactions } from '../../../platform/db/transactions.js';
import { ChangeRecorder } from '../../../platform/revisions/change-recorder.js';
import { AppError, ErrorCode } from '../../../platform/errors/app-error.js';
import type { ListQuery } from '../../../platform/http/list-query.js';
import { TenantsReader } from '../../tenants/tenants.reader.js';
import { openClientSecret, sealClientSecret } from './client-secret.js';
import {
  type CreateIdentityProviderDto,
  IdentityProviderResponse,
  type UpdateIdentityProviderDto,
} from './dto/identity-provider.dto.js';
import type { TenantIdentityProviderEntity } from './entities/tenant-identity-provider.entity.js';
import {
  IdentityProvidersRepository,
  type IdentityProviderSortField,
} from './identity-providers.repository.js';
import { SsoRuntime } from './sso-runtime.js';

const OWNERS = ['tenant-owner'] as const;
/** Shorter secrets show no suffix: four characters of a short secret are too much of it. */
const MIN_LENGTH_TO_SHOW_SUFFIX = 12;

const notFound = (): AppError => AppError.notFound('Identity provider');

/** What the audit trail keeps of a provider: everything shown, nothing of the secret. */
function audited(response: IdentityProviderResponse): Omit<IdentityProviderResponse, 'clientSecretLast4'> {
  const { clientSecretLast4: _omitted, ...rest } = response;
  return rest;
}

/**
 * The issuer each tenant trusts for console sign-in. Tenant owners manage their tenants' issuer;
 * the client secret is write-only (encrypted at rest, never returned, never audited).
 */
@Injectable()
export class IdentityProvidersService {
  constructor(
    private readonly providers: IdentityProvidersRepository,
    private readonly tenants: TenantsReader,
    private readonly settings: Settings,
    private readonly runtime: SsoRuntime,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(
    principal: Principal,
    query: ListQuery<IdentityProviderSortField>,
  ): Promise<{ items: IdentityProviderResponse[]; total: number }> {
    const { items, total } = await this.providers.list(tenantScope(principal, [...OWNERS]), query);
    return { items: await this.toResponses(items), total };
  }

  async get(principal: Principal, id: string): Promise<IdentityProviderResponse> {
    return this.toResponse(await this.load(principal, id));
  }

  async create(principal: Principal, input: CreateIdentityProviderDto): Promise<IdentityProviderResponse> {
    await this.tenants.assertInScope(tenantScope(principal, [...OWNERS]), input.tenantId);
    const provider = this.providers.newProvider({
      tenantId: input.tenantId,
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecret: sealClientSecret(input.clientSecret, input.tenantId, this.settings.secretKeys.masterKey),
      groupsClaim: input.groupsClaim ?? 'groups',
    });
    // Read before the transaction: inside it every query must use its manager.
    const slug = (await this.tenants.find(input.tenantId))?.slug;
    try {
      return await this.transactions.run(async (manager) => {
        const saved = await this.providers.save(manager, provider);
        const response = this.respond(saved, slug);
        await this.changes.record(
          manager,
          {
            tenantId: saved.tenantId,
            entity: 'identity-provider',
            entityId: saved.id,
            op: 'created',
          },
          {
            action: 'identity-provider.create',
            tenantId: saved.tenantId,
            targetType: 'identity-provider',
            targetId: saved.id,
            after: audited(response),
          },
        );
        return response;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(ErrorCode.CONFLICT, 'This tenant already trusts an identity provider', [
          { field: 'tenantId', message: 'this tenant already has an identity provider: update that one' },
        ]);
      }
      throw error;
    }
  }

  async update(
    principal: Principal,
    id: string,
    input: UpdateIdentityProviderDto,
  ): Promise<IdentityProviderResponse> {
    const provider = await this.load(principal, id);
    const before = await this.toResponse(provider);
    if (input.issuer !== undefined) provider.issuer = input.issuer;
    if (input.clientId !== undefined) provider.clientId = input.clientId;
    if (input.groupsClaim !== undefined) provider.groupsClaim = input.groupsClaim;
    if (input.clientSecret !== undefined) {
      provider.clientSecret = sealClientSecret(
        input.clientSecret,
        provider.tenantId,
        this.settings.secretKeys.masterKey,
      );
    }
    const slug = (await this.tenants.find(provider.tenantId))?.slug;
    return this.transactions.run(async (manager) => {
      const response = this.respond(await this.providers.save(manager, provider), slug);
      await this.changes.record(
        manager,
        {
          tenantId: provider.tenantId,
          entity: 'identity-provider',
          entityId: provider.id,
          op: 'updated',
        },
        {
          action: 'identity-provider.update',
          tenantId: provider.tenantId,
          targetType: 'identity-provider',
          targetId: provider.id,
          before: audited(before),
          after: { ...audited(response), clientSecretChanged: input.clientSecret !== undefined },
        },
      );
      return response;
    });
  }

  async remove(principal: Principal, id: string): Promise<IdentityProviderResponse> {
    const provider = await this.load(principal, id);
    const before = await this.toResponse(provider);
    await this.transactions.run(async (manager) => {
      await this.providers.remove(manager, provider);
      await this.changes.record(
        manager,
        {
          tenantId: provider.tenantId,
          entity: 'identity-provider',
          entityId: provider.id,
          op: 'deleted',
        },
        {
          action: 'identity-provider.delete',
          tenantId: provider.tenantId,
          targetType: 'identity-provider',
          targetId: provider.id,
          before: audited(before),
        },
      );
    });
    return before;
  }

  private async load(principal: Principal, id: string): Promise<TenantIdentityProviderEntity> {
    const provider = await this.providers.findById(id);
    if (provider === null) throw notFound();
    assertInScope(tenantScope(principal, [...OWNERS]), provider.tenantId, 'Identity provider');
    // A provider of a deleted tenant no longer exists either.
    if ((await this.tenants.find(provider.tenantId)) === null) throw notFound();
    return provider;
  }

  private async toResponses(items: TenantIdentityProviderEntity[]): Promise<IdentityProviderResponse[]> {
    const tenants = await this.tenants.findMany([...new Set(items.map((item) => item.tenantId))]);
    const slugs = new Map(tenants.map((tenant) => [tenant.id, tenant.slug]));
    return items.map((item) => this.respond(item, slugs.get(item.tenantId)));
  }

  private async toResponse(provider: TenantIdentityProviderEntity): Promise<IdentityProviderResponse> {
    const tenant = await this.tenants.find(provider.tenantId);
    return this.respond(provider, tenant?.slug);
  }

  private respond(
    provider: TenantIdentityProviderEntity,
    slug: string | undefined,
  ): IdentityProviderResponse {
    let last4: string | null = null;
    try {
      const secret = openClientSecret(
        provider.clientSecret,
        provider.tenantId,
        this.settings.secretKeys.masterKey,
      );
      if (secret.length >= MIN_LENGTH_TO_SHOW_SUFFIX) last4 = secret.slice(-4);
    } catch {
      // Sealed under another master key: still set, but unreadable (sign-in reports it).
    }
    return {
      id: provider.id,
      tenantId: provider.tenantId,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecretSet: true,
      clientSecretLast4: last4,
      groupsClaim: provider.groupsClaim,
      redirectUri: `${this.runtime.publicUrl ?? ''}/auth/callback/${provider.id}`,
      loginUrl: slug === undefined ? '' : `/auth/login?tenant=${encodeURIComponent(slug)}`,
      createdAt: provider.createdAt.toISOString(),
      updatedAt: provider.updatedAt.toISOString(),
    };
  }
}
