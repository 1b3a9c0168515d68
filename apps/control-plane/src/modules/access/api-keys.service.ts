import { Injectable } from '@nestjs/common';
import { hasRole, tenantScope } from '../../platform/auth/authorization.js';
import type { Principal } from '../../platform/auth/principal.js';
import { Settings } from '../../platform/config/settings.js';
import { randomBase62 } from '../../platform/crypto/random-token.js';
import { Transactions } from '../../platform/db/transactions.js';
import { AppError, ErrorCode, type FieldProblem } from '../../platform/errors/app-error.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { ChangeRecorder } from '../../platform/revisions/change-recorder.js';
import { CatalogReader } from '../catalog/catalog.reader.js';
import { IdentityReader } from '../identity/identity.reader.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import { ApiKeysRepository, type ApiKeySortField } from './api-keys.repository.js';
import { ApplicationsRepository } from './applications.repository.js';
import { type ApiKeyResponse, type CreateApiKeyDto, CreatedApiKeyResponse } from './dto/api-key.dto.js';
import type { ApiKeyEntity, ApiKeyOwnerKind } from './entities/api-key.entity.js';

/** Every virtual API key starts with this, so scanners and people recognise one. */
export const API_KEY_PREFIX = 'pk-';
/** `pk-` and 9 characters: enough to tell keys apart, far too little to guess the rest (43 characters). */
const DISPLAY_PREFIX_LENGTH = 12;
const MAX_METADATA_ENTRIES = 20;

const OWNERS = ['tenant-owner'] as const;
const READERS = ['tenant-owner', 'auditor'] as const;
const KEY_MAKERS = ['tenant-owner', 'developer'] as const;

interface ResolvedOwner {
  kind: ApiKeyOwnerKind;
  id: string;
  tenantId: string;
}

/**
 * Virtual API keys. A key acts as its owner (a person or an application): its effective access is
 * the owner's current grants intersected with the key's scope, so the key itself holds no grants.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly applications: ApplicationsRepository,
    private readonly identity: IdentityReader,
    private readonly catalog: CatalogReader,
    private readonly tenants: TenantsReader,
    private readonly settings: Settings,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(
    principal: Principal,
    query: ListQuery<ApiKeySortField>,
  ): Promise<{ items: ApiKeyResponse[]; total: number }> {
    const now = new Date();
    const { items, total } = await this.keys.list(
      { scope: tenantScope(principal, READERS), ownUserId: principal.userId },
      query,
      now,
    );
    return { items: items.map((key) => respondKey(key, now)), total };
  }

  async get(principal: Principal, id: string): Promise<ApiKeyResponse> {
    return respondKey(await this.load(principal, id, READERS), new Date());
  }

  /** A key the caller may see (their own, or any key of a tenant where they hold `roles`). */
  async load(
    principal: Principal,
    id: string,
    roles: readonly (typeof READERS)[number][],
  ): Promise<ApiKeyEntity> {
    const key = await this.keys.findById(id);
    const visible =
      key !== null &&
      ((principal.userId !== null && key.userId === principal.userId) ||
        hasRole(principal, roles, key.tenantId));
    if (!visible || (await this.tenants.find(key.tenantId)) === null) throw AppError.notFound('API key');
    return key;
  }

  async create(principal: Principal, input: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const owner = await this.resolveOwner(principal, input);
    const now = new Date();
    const problems: FieldProblem[] = [];
    const expiresAt = input.expiresAt == null ? null : new Date(input.expiresAt);
    if (expiresAt !== null && expiresAt.getTime() <= now.getTime()) {
      problems.push({ field: 'expiresAt', message: 'expiresAt must be in the future' });
    }
    const scopeModels = await this.checkScope(owner.tenantId, input.scopeModels ?? null, problems);
    const metadata = checkMetadata(input.metadata ?? {}, problems);
    if (problems.length > 0) throw AppError.validation(problems);

    const key = `${API_KEY_PREFIX}${randomBase62()}`;
    const record = await this.transactions.run(async (manager) => {
      const inserted = await this.keys.insert(manager, {
        tenantId: owner.tenantId,
        ownerKind: owner.kind,
        userId: owner.kind === 'user' ? owner.id : null,
        applicationId: owner.kind === 'application' ? owner.id : null,
        name: input.name,
        prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
        keyHash: this.settings.secretKeys.hashApiKey(key),
        scopeModels,
        metadata,
        expiresAt,
        revokedAt: null,
        lastUsedAt: null,
        createdBy: `${principal.actor.type}:${principal.actor.id}`,
      });
      const after = respondKey(inserted, now);
      await this.changes.record(
        manager,
        { tenantId: owner.tenantId, entity: 'api-key', entityId: inserted.id, op: 'created' },
        {
          action: 'api-key.create',
          tenantId: owner.tenantId,
          targetType: 'api-key',
          targetId: inserted.id,
          after,
        },
      );
      return after;
    });
    return Object.assign(new CreatedApiKeyResponse(), record, { key });
  }

  /** Revokes a key (its owner, or an owner of its tenant). Revoking a revoked key changes nothing. */
  async revoke(principal: Principal, id: string): Promise<ApiKeyResponse> {
    const key = await this.load(principal, id, READERS);
    const own = principal.userId !== null && key.userId === principal.userId;
    if (!own && !hasRole(principal, OWNERS, key.tenantId)) {
      throw new AppError(ErrorCode.FORBIDDEN, "Only the key's owner or an owner of its tenant revokes it");
    }
    const now = new Date();
    if (key.revokedAt !== null) return respondKey(key, now);
    const before = respondKey(key, now);
    key.revokedAt = now;
    return this.transactions.run(async (manager) => {
      const after = respondKey(await this.keys.save(manager, key), now);
      await this.changes.record(
        manager,
        { tenantId: key.tenantId, entity: 'api-key', entityId: key.id, op: 'deactivated' },
        {
          action: 'api-key.revoke',
          tenantId: key.tenantId,
          targetType: 'api-key',
          targetId: key.id,
          before,
          after,
        },
      );
      return after;
    });
  }

  /**
   * Whom the key will act as. People create keys for themselves only (nobody mints a key that
   * acts as someone else); tenant owners create keys for their tenant's applications.
   */
  private async resolveOwner(principal: Principal, input: CreateApiKeyDto): Promise<ResolvedOwner> {
    const owner =
      input.owner ?? (principal.userId === null ? null : { kind: 'user' as const, id: principal.userId });
    if (owner === null) {
      throw AppError.validation([
        { field: 'owner', message: 'the admin token is not a person: name an application as owner' },
      ]);
    }
    if (owner.kind === 'application') {
      const application = await this.applications.findById(owner.id);
      if (application === null || !hasRole(principal, OWNERS, application.tenantId)) {
        throw AppError.validation([
          { field: 'owner.id', message: 'no such application, or not one of a tenant you own' },
        ]);
      }
      if (!application.active) {
        throw AppError.validation([{ field: 'owner.id', message: 'the application is deactivated' }]);
      }
      await this.tenants.assertInScope(tenantScope(principal, OWNERS), application.tenantId);
      return { kind: 'application', id: application.id, tenantId: application.tenantId };
    }
    if (owner.id !== principal.userId) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'A key acts as its owner: people create keys only for themselves',
        [{ field: 'owner.id', message: 'name yourself, or an application' }],
      );
    }
    const user = await this.identity.findUser(owner.id);
    if (user?.tenantId == null) {
      throw AppError.validation([
        { field: 'owner', message: 'platform accounts belong to no tenant: name an application as owner' },
      ]);
    }
    if (!hasRole(principal, KEY_MAKERS, user.tenantId)) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Creating API keys needs the developer or tenant-owner role');
    }
    if (!user.active) throw AppError.validation([{ field: 'owner', message: 'your account is deactivated' }]);
    if ((await this.tenants.find(user.tenantId)) === null) throw AppError.notFound('Tenant');
    return { kind: 'user', id: user.id, tenantId: user.tenantId };
  }

  private async checkScope(
    tenantId: string,
    requested: readonly string[] | null,
    problems: FieldProblem[],
  ): Promise<string[] | null> {
    if (requested === null) return null;
    const known = new Set((await this.catalog.modelsVisibleTo(tenantId)).map((model) => model.alias));
    const scope = [...new Set(requested.map((alias) => alias.trim()))];
    scope.forEach((alias, index) => {
      if (!known.has(alias)) {
        problems.push({
          field: `scopeModels.${index}`,
          message: `no model "${alias}" in this tenant's catalog`,
        });
      }
    });
    return scope;
  }
}

function checkMetadata(input: Record<string, unknown>, problems: FieldProblem[]): Record<string, string> {
  const entries = Object.entries(input);
  if (entries.length > MAX_METADATA_ENTRIES) {
    problems.push({ field: 'metadata', message: `metadata may hold at most ${MAX_METADATA_ENTRIES} labels` });
    return {};
  }
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (!/^[A-Za-z0-9_.:/-]{1,64}$/.test(name)) {
      problems.push({
        field: 'metadata',
        message: `metadata label names are 1 to 64 letters, digits or _ . : / - (not "${name.slice(0, 64)}")`,
      });
    } else if (typeof value !== 'string' || value.length > 256) {
      problems.push({
        field: `metadata.${name}`,
        message: `metadata.${name} must be text of at most 256 characters`,
      });
    } else {
      out[name] = value;
    }
  }
  return out;
}

export function keyStatus(key: ApiKeyEntity, now: Date): ApiKeyResponse['status'] {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export function respondKey(key: ApiKeyEntity, now: Date): ApiKeyResponse {
  return {
    id: key.id,
    tenantId: key.tenantId,
    owner:
      key.ownerKind === 'user'
        ? { kind: 'user', id: key.userId ?? '' }
        : { kind: 'application', id: key.applicationId ?? '' },
    name: key.name,
    prefix: key.prefix,
    scopeModels: key.scopeModels,
    metadata: key.metadata,
    status: keyStatus(key, now),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
  };
}
