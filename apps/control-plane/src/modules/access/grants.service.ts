import { Injectable } from '@nestjs/common';
import { assertInScope, tenantScope } from '../../platform/auth/authorization.js';
import type { Principal } from '../../platform/auth/principal.js';
import { isUniqueViolation } from '../../platform/db/db-errors.js';
import { Transactions } from '../../platform/db/transactions.js';
import { AppError, ErrorCode, type FieldProblem } from '../../platform/errors/app-error.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { ChangeRecorder } from '../../platform/revisions/change-recorder.js';
import { CatalogReader } from '../catalog/catalog.reader.js';
import { IdentityReader } from '../identity/identity.reader.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import { ApplicationsRepository } from './applications.repository.js';
import type { CreateGrantDto, GrantResponse } from './dto/grant.dto.js';
import type { GrantEntity } from './entities/grant.entity.js';
import { GrantsRepository, type GrantSortField } from './grants.repository.js';

const OWNERS = ['tenant-owner'] as const;
const READERS = ['tenant-owner', 'auditor'] as const;

/** Every model of the tenant's view of the catalog (its own and the global ones). */
export const ANY_MODEL = '*';

/** Grants: which users, groups, applications (or everyone in a tenant) may use which model aliases. */
@Injectable()
export class GrantsService {
  constructor(
    private readonly grants: GrantsRepository,
    private readonly applications: ApplicationsRepository,
    private readonly identity: IdentityReader,
    private readonly catalog: CatalogReader,
    private readonly tenants: TenantsReader,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(
    principal: Principal,
    query: ListQuery<GrantSortField>,
  ): Promise<{ items: GrantResponse[]; total: number }> {
    const { items, total } = await this.grants.list(tenantScope(principal, READERS), query);
    return { items: items.map(respondGrant), total };
  }

  async get(principal: Principal, id: string): Promise<GrantResponse> {
    return respondGrant(await this.load(principal, id, READERS));
  }

  async create(principal: Principal, input: CreateGrantDto): Promise<GrantResponse> {
    const { tenantId } = input;
    await this.tenants.assertInScope(tenantScope(principal, OWNERS), tenantId);
    const problems: FieldProblem[] = [];
    if (input.model !== ANY_MODEL) {
      const visible = await this.catalog.modelsVisibleTo(tenantId);
      if (!visible.some((model) => model.alias === input.model)) {
        problems.push({
          field: 'model',
          message: `no model "${input.model}" in this tenant's catalog (or * for all)`,
        });
      }
    }
    const subject = await this.checkSubject(tenantId, input.subject, problems);
    if (problems.length > 0 || subject === null) throw AppError.validation(problems);
    try {
      return await this.transactions.run(async (manager) => {
        const grant = await this.grants.insert(manager, { tenantId, model: input.model, ...subject });
        const after = respondGrant(grant);
        await this.changes.record(
          manager,
          { tenantId, entity: 'grant', entityId: grant.id, op: 'created' },
          { action: 'grant.create', tenantId, targetType: 'grant', targetId: grant.id, after },
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(ErrorCode.CONFLICT, 'This subject already holds this grant', [
          { field: 'model', message: `"${input.model}" is already granted to this subject` },
        ]);
      }
      throw error;
    }
  }

  async remove(principal: Principal, id: string): Promise<GrantResponse> {
    const grant = await this.load(principal, id, OWNERS);
    const before = respondGrant(grant);
    await this.transactions.run(async (manager) => {
      await this.grants.remove(manager, grant);
      await this.changes.record(
        manager,
        { tenantId: grant.tenantId, entity: 'grant', entityId: grant.id, op: 'deleted' },
        { action: 'grant.delete', tenantId: grant.tenantId, targetType: 'grant', targetId: grant.id, before },
      );
    });
    return before;
  }

  private async load(
    principal: Principal,
    id: string,
    roles: typeof READERS | typeof OWNERS,
  ): Promise<GrantEntity> {
    const grant = await this.grants.findById(id);
    if (grant === null) throw AppError.notFound('Grant');
    assertInScope(tenantScope(principal, roles), grant.tenantId, 'Grant');
    if ((await this.tenants.find(grant.tenantId)) === null) throw AppError.notFound('Grant');
    return grant;
  }

  /** The subject must belong to the grant's tenant; its id lands in the column of its kind. */
  private async checkSubject(
    tenantId: string,
    subject: CreateGrantDto['subject'],
    problems: FieldProblem[],
  ): Promise<Pick<GrantEntity, 'subjectKind' | 'userId' | 'groupId' | 'applicationId'> | null> {
    const none = { userId: null, groupId: null, applicationId: null };
    if (subject.kind === 'tenant') {
      if (subject.id !== undefined && subject.id !== tenantId) {
        problems.push({
          field: 'subject.id',
          message: 'for kind tenant, leave id out or give the grant’s tenantId',
        });
        return null;
      }
      return { subjectKind: 'tenant', ...none };
    }
    if (subject.id === undefined) {
      problems.push({ field: 'subject.id', message: `subject.id is required for kind ${subject.kind}` });
      return null;
    }
    const id = subject.id;
    const ownerTenant =
      subject.kind === 'user'
        ? (await this.identity.findUser(id))?.tenantId
        : subject.kind === 'group'
          ? (await this.identity.findGroup(id))?.tenantId
          : (await this.applications.findById(id))?.tenantId;
    if (ownerTenant !== tenantId) {
      problems.push({ field: 'subject.id', message: `no such ${subject.kind} in this tenant` });
      return null;
    }
    if (subject.kind === 'user') return { subjectKind: 'user', ...none, userId: id };
    if (subject.kind === 'group') return { subjectKind: 'group', ...none, groupId: id };
    return { subjectKind: 'application', ...none, applicationId: id };
  }
}

export function grantSubjectId(grant: GrantEntity): string {
  return grant.userId ?? grant.groupId ?? grant.applicationId ?? grant.tenantId;
}

export function respondGrant(grant: GrantEntity): GrantResponse {
  return {
    id: grant.id,
    tenantId: grant.tenantId,
    model: grant.model,
    subject: { kind: grant.subjectKind, id: grantSubjectId(grant) },
    createdAt: grant.createdAt.toISOString(),
  };
}
