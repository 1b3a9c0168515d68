import { Injectable } from '@nestjs/common';
import { assertInScope, tenantScope } from '../../platform/auth/authorization.js';
import type { Principal } from '../../platform/auth/principal.js';
import { isUniqueViolation, violatedConstraint } from '../../platform/db/db-errors.js';
import { Transactions } from '../../platform/db/transactions.js';
import { AppError, ErrorCode } from '../../platform/errors/app-error.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { ChangeRecorder } from '../../platform/revisions/change-recorder.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApplicationsRepository, type ApplicationSortField } from './applications.repository.js';
import type {
  ApplicationResponse,
  CreateApplicationDto,
  UpdateApplicationDto,
} from './dto/application.dto.js';
import type { ApplicationEntity } from './entities/application.entity.js';
import { GrantsRepository } from './grants.repository.js';

const OWNERS = ['tenant-owner'] as const;
const READERS = ['tenant-owner', 'auditor'] as const;

/** Applications: the service identities of a tenant, which own API keys and receive grants. */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly keys: ApiKeysRepository,
    private readonly grants: GrantsRepository,
    private readonly tenants: TenantsReader,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(
    principal: Principal,
    query: ListQuery<ApplicationSortField>,
  ): Promise<{ items: ApplicationResponse[]; total: number }> {
    const { items, total } = await this.applications.list(tenantScope(principal, READERS), query);
    return { items: items.map(respondApplication), total };
  }

  async get(principal: Principal, id: string): Promise<ApplicationResponse> {
    return respondApplication(await this.load(principal, id, READERS));
  }

  /** An application of a tenant the caller reads, for other services of this module. */
  async load(
    principal: Principal,
    id: string,
    roles: typeof READERS | typeof OWNERS,
  ): Promise<ApplicationEntity> {
    const application = await this.applications.findById(id);
    if (application === null) throw AppError.notFound('Application');
    assertInScope(tenantScope(principal, roles), application.tenantId, 'Application');
    if ((await this.tenants.find(application.tenantId)) === null) throw AppError.notFound('Application');
    return application;
  }

  async create(principal: Principal, input: CreateApplicationDto): Promise<ApplicationResponse> {
    await this.tenants.assertInScope(tenantScope(principal, OWNERS), input.tenantId);
    const application = this.applications.newApplication({
      tenantId: input.tenantId,
      name: input.name,
      description: input.description ?? '',
      clientId: input.clientId ?? null,
      active: input.active ?? true,
    });
    return this.write(application, undefined);
  }

  async update(principal: Principal, id: string, input: UpdateApplicationDto): Promise<ApplicationResponse> {
    const application = await this.load(principal, id, OWNERS);
    const before = respondApplication(application);
    if (input.name !== undefined) application.name = input.name;
    if (input.description !== undefined) application.description = input.description;
    if (input.clientId !== undefined) application.clientId = input.clientId;
    if (input.active !== undefined) application.active = input.active;
    return this.write(application, before);
  }

  /** Deletes the application with its keys and grants, each removal its own config change. */
  async remove(principal: Principal, id: string): Promise<ApplicationResponse> {
    const application = await this.load(principal, id, OWNERS);
    const before = respondApplication(application);
    const tenantId = application.tenantId;
    await this.transactions.run(async (manager) => {
      const keys = await this.keys.ofApplication(manager, application.id);
      const grants = await this.grants.ofApplication(manager, application.id);
      await this.applications.remove(manager, application);
      for (const key of keys) {
        await this.changes.record(
          manager,
          { tenantId, entity: 'api-key', entityId: key.id, op: 'deleted' },
          {
            action: 'api-key.delete',
            tenantId,
            targetType: 'api-key',
            targetId: key.id,
            before: { prefix: key.prefix, name: key.name },
          },
        );
      }
      for (const grant of grants) {
        await this.changes.record(
          manager,
          { tenantId, entity: 'grant', entityId: grant.id, op: 'deleted' },
          {
            action: 'grant.delete',
            tenantId,
            targetType: 'grant',
            targetId: grant.id,
            before: { model: grant.model, subject: { kind: 'application', id: application.id } },
          },
        );
      }
      await this.changes.record(
        manager,
        { tenantId, entity: 'application', entityId: application.id, op: 'deleted' },
        {
          action: 'application.delete',
          tenantId,
          targetType: 'application',
          targetId: application.id,
          before,
        },
      );
    });
    return before;
  }

  private async write(
    application: ApplicationEntity,
    before: ApplicationResponse | undefined,
  ): Promise<ApplicationResponse> {
    const created = before === undefined;
    try {
      return await this.transactions.run(async (manager) => {
        const after = respondApplication(await this.applications.save(manager, application));
        await this.changes.record(
          manager,
          {
            tenantId: after.tenantId,
            entity: 'application',
            entityId: after.id,
            op: created
              ? 'created'
              : before.active === after.active
                ? 'updated'
                : after.active
                  ? 'reactivated'
                  : 'deactivated',
          },
          {
            action: created ? 'application.create' : 'application.update',
            tenantId: after.tenantId,
            targetType: 'application',
            targetId: after.id,
            ...(created ? {} : { before }),
            after,
          },
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate(error, application);
      throw error;
    }
  }
}

function duplicate(error: unknown, application: ApplicationEntity): AppError {
  if (violatedConstraint(error) === 'uq_applications_tenant_client') {
    return new AppError(ErrorCode.CONFLICT, 'Another application of this tenant has this client id', [
      {
        field: 'clientId',
        message: `clientId "${application.clientId ?? ''}" is already mapped to an application`,
      },
    ]);
  }
  return new AppError(ErrorCode.CONFLICT, `An application named "${application.name}" already exists here`, [
    { field: 'name', message: `name "${application.name}" is already taken in this tenant` },
  ]);
}

export function respondApplication(application: ApplicationEntity): ApplicationResponse {
  return {
    id: application.id,
    tenantId: application.tenantId,
    name: application.name,
    description: application.description,
    clientId: application.clientId,
    active: application.active,
    createdAt: application.createdAt.toISOString(),
    updatedAt: application.updatedAt.toISOString(),
  };
}
