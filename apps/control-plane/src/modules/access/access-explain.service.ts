import { Injectable } from '@nestjs/common';
import { type Principal as PolicyPrincipal, type PolicySnapshot, decide } from '@portcullis/policy';
import { hasRole } from '../../platform/auth/authorization.js';
import type { Principal } from '../../platform/auth/principal.js';
import { AppError } from '../../platform/errors/app-error.js';
import { CatalogReader } from '../catalog/catalog.reader.js';
import { IdentityReader } from '../identity/identity.reader.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApplicationsRepository } from './applications.repository.js';
import type { ExplainAccessDto, ExplainAccessResponse } from './dto/explain.dto.js';
import type { ApiKeyEntity } from './entities/api-key.entity.js';
import { GrantsRepository } from './grants.repository.js';
import { grantSubjectId } from './grants.service.js';

const EXPLAINERS = ['tenant-owner', 'auditor'] as const;

interface Subject {
  principal: PolicyPrincipal;
  name: string;
}

/**
 * "Why can (or can't) Alice call gpt-4o?" answered by libs/policy, the same pure function the
 * data plane runs, over the tenant's current grants and catalog.
 */
@Injectable()
export class AccessExplainService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly applications: ApplicationsRepository,
    private readonly grants: GrantsRepository,
    private readonly identity: IdentityReader,
    private readonly catalog: CatalogReader,
    private readonly tenants: TenantsReader,
  ) {}

  async explain(caller: Principal, input: ExplainAccessDto): Promise<ExplainAccessResponse> {
    if ((input.subject === undefined) === (input.keyId === undefined)) {
      throw AppError.validation([
        {
          field: input.subject === undefined ? 'subject' : 'keyId',
          message: 'name either a subject or a keyId',
        },
      ]);
    }
    const key = input.keyId === undefined ? null : await this.keys.findById(input.keyId);
    if (input.keyId !== undefined && (key === null || !this.mayExplain(caller, key.tenantId, key.userId))) {
      throw AppError.notFound('API key');
    }
    const ref = key === null ? input.subject : ownerOf(key);
    if (ref === undefined) throw AppError.notFound('Subject');
    const subject = await this.loadSubject(caller, ref);
    const tenantId = subject.principal.tenantId;
    if ((await this.tenants.find(tenantId)) === null) throw AppError.notFound('Subject');
    if (input.tenantId !== undefined && input.tenantId !== tenantId) {
      throw AppError.validation([
        { field: 'tenantId', message: `the ${key === null ? 'subject' : 'key'} belongs to another tenant` },
      ]);
    }

    const now = Date.now();
    const principal: PolicyPrincipal =
      key === null
        ? subject.principal
        : {
            ...subject.principal,
            key: {
              id: key.prefix,
              revoked: key.revokedAt !== null,
              ...(key.scopeModels === null ? {} : { scopeModels: key.scopeModels }),
              ...(key.expiresAt === null ? {} : { expiresAt: key.expiresAt.getTime() }),
            },
          };
    const decision = decide(principal, input.model, await this.snapshot(tenantId), now);
    return {
      allowed: decision.allowed,
      tenantId,
      subject: { kind: principal.kind, id: principal.id, name: subject.name },
      key: key === null ? null : { id: key.id, name: key.name, prefix: key.prefix },
      model: input.model,
      reasons: decision.reasons,
    };
  }

  /** Owners and auditors explain anything in their tenants; anyone may ask about themselves. */
  private mayExplain(caller: Principal, tenantId: string | null, userId: string | null): boolean {
    if (caller.userId !== null && userId === caller.userId) return true;
    return tenantId !== null && hasRole(caller, EXPLAINERS, tenantId);
  }

  private async loadSubject(
    caller: Principal,
    ref: { kind: 'user' | 'application'; id: string },
  ): Promise<Subject> {
    if (ref.kind === 'user') {
      const user = await this.identity.findUser(ref.id);
      if (user?.tenantId == null || !this.mayExplain(caller, user.tenantId, user.id)) {
        throw AppError.notFound('Subject');
      }
      return {
        principal: {
          kind: 'user',
          id: user.id,
          tenantId: user.tenantId,
          active: user.active,
          groups: await this.identity.groupIdsOf(user.id),
        },
        name: user.displayName ?? user.userName,
      };
    }
    const application = await this.applications.findById(ref.id);
    if (application === null || !this.mayExplain(caller, application.tenantId, null)) {
      throw AppError.notFound('Subject');
    }
    return {
      principal: {
        kind: 'application',
        id: application.id,
        tenantId: application.tenantId,
        active: application.active,
      },
      name: application.name,
    };
  }

  private async snapshot(tenantId: string): Promise<PolicySnapshot> {
    const [models, grants] = await Promise.all([
      this.catalog.modelsVisibleTo(tenantId),
      this.grants.ofTenant(tenantId),
    ]);
    return {
      models: models.map((model) => ({ alias: model.alias, tenantId: model.tenantId })),
      grants: grants.map((grant) => ({
        tenantId: grant.tenantId,
        model: grant.model,
        subject: { kind: grant.subjectKind, id: grantSubjectId(grant) },
      })),
    };
  }
}

function ownerOf(key: ApiKeyEntity): { kind: 'user' | 'application'; id: string } | undefined {
  if (key.userId !== null) return { kind: 'user', id: key.userId };
  if (key.applicationId !== null) return { kind: 'application', id: key.applicationId };
  return undefined;
}
