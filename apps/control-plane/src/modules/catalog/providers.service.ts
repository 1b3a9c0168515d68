import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertInScope, tenantScope } from '../../platform/auth/authorization.js';
import type { Principal } from '../../platform/auth/principal.js';
import { Settings } from '../../platform/config/settings.js';
import { Transactions } from '../../platform/db/transactions.js';
import { ChangeRecorder } from '../../platform/revisions/change-recorder.js';
import { AppError, ErrorCode } from '../../platform/errors/app-error.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import type {
  CreateProviderDto,
  ProviderCredentialsDto,
  ProviderOptionsDto,
  UpdateProviderDto,
} from './dto/provider.dto.js';
import { ProviderResponse } from './dto/provider.dto.js';
import type { ProviderEntity } from './entities/provider.entity.js';
import {
  baseUrlProblem,
  lookupAll,
  parseHostList,
  resolvedAddressProblem,
} from '../../platform/net/outbound-url.js';
import {
  credentialsLast4,
  openCredentials,
  type ProviderCredentials,
  sealCredentials,
} from './provider-credentials.js';
import { ModelsRepository } from './models.repository.js';
import { ProvidersRepository, type ProviderSortField } from './providers.repository.js';

const OWNERS = ['tenant-owner'] as const;
const READERS = ['tenant-owner', 'auditor'] as const;
const DEFAULT_TIMEOUT_MS = 60_000;

const notFound = (): AppError => AppError.notFound('Provider');

/** What the audit trail keeps of a provider: everything shown, nothing of the secret. */
function audited(response: ProviderResponse): Omit<ProviderResponse, 'credentialsLast4'> {
  const { credentialsLast4: _omitted, ...rest } = response;
  return rest;
}

function plainOptions(input: ProviderOptionsDto | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (input?.apiVersion !== undefined) out.apiVersion = input.apiVersion;
  if (input?.region !== undefined) out.region = input.region;
  return out;
}

function plainCredentials(input: ProviderCredentialsDto): ProviderCredentials {
  const out: ProviderCredentials = {};
  if (input.apiKey !== undefined) out.apiKey = input.apiKey;
  if (input.accessKeyId !== undefined) out.accessKeyId = input.accessKeyId;
  if (input.secretAccessKey !== undefined) out.secretAccessKey = input.secretAccessKey;
  return out;
}

/**
 * Upstream providers. Global ones (no tenant) belong to platform admins; tenant owners manage
 * their tenants' own. Credentials are write-only: sealed at rest, never returned or audited.
 * A tenant-owned base URL must resolve only to public addresses (SSRF, checked at write time;
 * the data plane checks again when it connects).
 */
@Injectable()
export class ProvidersService {
  private readonly allowedHttpHosts: readonly string[];

  constructor(
    private readonly providers: ProvidersRepository,
    private readonly models: ModelsRepository,
    private readonly tenants: TenantsReader,
    private readonly settings: Settings,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
  ) {
    this.allowedHttpHosts = parseHostList(settings.env.PROVIDER_ALLOWED_HTTP_HOSTS);
  }

  async list(
    principal: Principal,
    query: ListQuery<ProviderSortField>,
  ): Promise<{ items: ProviderResponse[]; total: number }> {
    const { items, total } = await this.providers.list(tenantScope(principal, [...READERS]), query);
    return { items: items.map((item) => this.respond(item)), total };
  }

  async get(principal: Principal, id: string): Promise<ProviderResponse> {
    return this.respond(await this.load(principal, id, READERS));
  }

  async create(principal: Principal, input: CreateProviderDto): Promise<ProviderResponse> {
    const tenantId = input.tenantId ?? null;
    if (tenantId === null) this.assertPlatformAdmin(principal);
    else await this.tenants.assertInScope(tenantScope(principal, [...OWNERS]), tenantId);
    await this.assertBaseUrl(input.baseUrl, tenantId);
    const id = randomUUID();
    const provider = this.providers.newProvider({
      id,
      tenantId,
      name: input.name,
      type: input.type,
      baseUrl: input.baseUrl,
      credentials: this.seal(input.credentials, id),
      options: plainOptions(input.options),
      timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    return this.transactions.run(async (manager) => {
      const response = this.respond(await this.providers.save(manager, provider));
      await this.changes.record(
        manager,
        { tenantId, entity: 'provider', entityId: id, op: 'created' },
        {
          action: 'provider.create',
          tenantId,
          targetType: 'provider',
          targetId: id,
          after: audited(response),
        },
      );
      return response;
    });
  }

  async update(principal: Principal, id: string, input: UpdateProviderDto): Promise<ProviderResponse> {
    const provider = await this.load(principal, id, OWNERS);
    this.assertMayWrite(principal, provider);
    const before = this.respond(provider);
    if (input.baseUrl !== undefined) {
      await this.assertBaseUrl(input.baseUrl, provider.tenantId);
      provider.baseUrl = input.baseUrl;
    }
    if (input.name !== undefined) provider.name = input.name;
    if (input.options !== undefined) provider.options = plainOptions(input.options);
    if (input.timeoutMs !== undefined) provider.timeoutMs = input.timeoutMs;
    if (input.credentials !== undefined) provider.credentials = this.seal(input.credentials, provider.id);
    return this.transactions.run(async (manager) => {
      const response = this.respond(await this.providers.save(manager, provider));
      await this.changes.record(
        manager,
        {
          tenantId: provider.tenantId,
          entity: 'provider',
          entityId: provider.id,
          op: 'updated',
        },
        {
          action: 'provider.update',
          tenantId: provider.tenantId,
          targetType: 'provider',
          targetId: provider.id,
          before: audited(before),
          after: { ...audited(response), credentialsChanged: input.credentials !== undefined },
        },
      );
      return response;
    });
  }

  async remove(principal: Principal, id: string): Promise<ProviderResponse> {
    const provider = await this.load(principal, id, OWNERS);
    this.assertMayWrite(principal, provider);
    const before = this.respond(provider);
    await this.transactions.run(async (manager) => {
      const using = await this.models.countUsing(manager, provider.id);
      if (using > 0) {
        throw new AppError(
          ErrorCode.CONFLICT,
          `This provider serves ${using} model deployment(s): remove them from the models first`,
        );
      }
      await this.providers.remove(manager, provider);
      await this.changes.record(
        manager,
        {
          tenantId: provider.tenantId,
          entity: 'provider',
          entityId: provider.id,
          op: 'deleted',
        },
        {
          action: 'provider.delete',
          tenantId: provider.tenantId,
          targetType: 'provider',
          targetId: provider.id,
          before: audited(before),
        },
      );
    });
    return before;
  }

  private seal(input: ProviderCredentialsDto | null | undefined, id: string): string | null {
    if (input == null) return null;
    const credentials = plainCredentials(input);
    if (Object.keys(credentials).length === 0) return null;
    return sealCredentials(credentials, id, this.settings.secretKeys.masterKey);
  }

  private async assertBaseUrl(baseUrl: string, tenantId: string | null): Promise<void> {
    const problem =
      baseUrlProblem(baseUrl, this.allowedHttpHosts) ??
      (tenantId === null ? undefined : await resolvedAddressProblem(baseUrl, lookupAll));
    if (problem !== undefined) throw AppError.validation([{ field: 'baseUrl', message: problem }]);
  }

  private assertPlatformAdmin(principal: Principal): void {
    if (!principal.globalRoles.includes('platform-admin')) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Only platform admins manage global providers', [
        { field: 'tenantId', message: 'name the tenant that owns this provider' },
      ]);
    }
  }

  private assertMayWrite(principal: Principal, provider: ProviderEntity): void {
    if (provider.tenantId === null) this.assertPlatformAdmin(principal);
  }

  /** A provider the caller may see: global ones for every reader, tenant-owned ones in scope. */
  private async load(
    principal: Principal,
    id: string,
    roles: readonly (typeof READERS)[number][],
  ): Promise<ProviderEntity> {
    const provider = await this.providers.findById(id);
    if (provider === null) throw notFound();
    if (provider.tenantId !== null) {
      assertInScope(tenantScope(principal, [...roles]), provider.tenantId, 'Provider');
      if ((await this.tenants.find(provider.tenantId)) === null) throw notFound();
    }
    return provider;
  }

  private respond(provider: ProviderEntity): ProviderResponse {
    let last4: string | null = null;
    if (provider.credentials !== null) {
      try {
        last4 = credentialsLast4(
          openCredentials(provider.credentials, provider.id, this.settings.secretKeys.masterKey),
        );
      } catch {
        // Sealed under another master key: still set, but unreadable until re-encrypted.
      }
    }
    return {
      id: provider.id,
      tenantId: provider.tenantId,
      name: provider.name,
      type: provider.type,
      baseUrl: provider.baseUrl,
      credentialsSet: provider.credentials !== null,
      credentialsLast4: last4,
      options: provider.options,
      timeoutMs: provider.timeoutMs,
      createdAt: provider.createdAt.toISOString(),
      updatedAt: provider.updatedAt.toISOString(),
    };
  }
}
