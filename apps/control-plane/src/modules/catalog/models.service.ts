import { Injectable } from '@nestjs/common';
import { assertInScope, tenantScope } from '../../platform/auth/authorization.js';
import type { Principal } from '../../platform/auth/principal.js';
import { isUniqueViolation } from '../../platform/db/db-errors.js';
import { Transactions } from '../../platform/db/transactions.js';
import { ChangeRecorder } from '../../platform/revisions/change-recorder.js';
import { AppError, ErrorCode, type FieldProblem } from '../../platform/errors/app-error.js';
import { claimRequirements } from '../../platform/http/claim-requirement.dto.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { TenantsReader } from '../tenants/tenants.reader.js';
import type { CreateModelDto, ModelDeploymentDto, UpdateModelDto } from './dto/model.dto.js';
import type { ModelResponse } from './dto/model.dto.js';
import type { ModelCapability, ModelDeployment, ModelEntity } from './entities/model.entity.js';
import { ModelsRepository, type ModelSortField } from './models.repository.js';
import { ProvidersRepository } from './providers.repository.js';

const OWNERS = ['tenant-owner'] as const;
const READERS = ['tenant-owner', 'auditor', 'developer'] as const;

const notFound = (): AppError => AppError.notFound('Model');
const price = (value: string | null): number | null => (value === null ? null : Number(value));
const toColumn = (value: number | null | undefined): string | null | undefined =>
  value === undefined ? undefined : value === null ? null : String(value);

/**
 * The model catalog: global models (platform admins) plus each tenant's own, whose alias may
 * shadow a global one. Deployments may only route to providers the model's tenant can see.
 */
@Injectable()
export class ModelsService {
  constructor(
    private readonly models: ModelsRepository,
    private readonly providers: ProvidersRepository,
    private readonly tenants: TenantsReader,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
  ) {}

  async list(
    principal: Principal,
    query: ListQuery<ModelSortField>,
  ): Promise<{ items: ModelResponse[]; total: number }> {
    const { items, total } = await this.models.list(tenantScope(principal, [...READERS]), query);
    return { items: items.map(respond), total };
  }

  async get(principal: Principal, id: string): Promise<ModelResponse> {
    return respond(await this.load(principal, id, READERS));
  }

  async create(principal: Principal, input: CreateModelDto): Promise<ModelResponse> {
    const tenantId = input.tenantId ?? null;
    if (tenantId === null) assertPlatformAdmin(principal);
    else await this.tenants.assertInScope(tenantScope(principal, [...OWNERS]), tenantId);
    const deployments = await this.checkDeployments(tenantId, input.deployments ?? []);
    const model = this.models.newModel({
      tenantId,
      alias: input.alias,
      description: input.description ?? '',
      capabilities: [...new Set<ModelCapability>(input.capabilities ?? ['chat'])],
      requiredClaims: claimRequirements(input.requiredClaims ?? []),
      contextWindow: input.contextWindow ?? null,
      inputPrice: toColumn(input.inputPrice) ?? null,
      outputPrice: toColumn(input.outputPrice) ?? null,
      cachedInputPrice: toColumn(input.cachedInputPrice) ?? null,
      currency: input.currency ?? 'USD',
      deployments,
    });
    return this.write(model, 'model.create', undefined);
  }

  async update(principal: Principal, id: string, input: UpdateModelDto): Promise<ModelResponse> {
    const model = await this.load(principal, id, OWNERS);
    if (model.tenantId === null) assertPlatformAdmin(principal);
    const before = respond(model);
    if (input.alias !== undefined) model.alias = input.alias;
    if (input.description !== undefined) model.description = input.description;
    if (input.capabilities !== undefined) model.capabilities = [...new Set(input.capabilities)];
    if (input.requiredClaims !== undefined) model.requiredClaims = claimRequirements(input.requiredClaims);
    if (input.contextWindow !== undefined) model.contextWindow = input.contextWindow;
    if (input.inputPrice !== undefined) model.inputPrice = toColumn(input.inputPrice) ?? null;
    if (input.outputPrice !== undefined) model.outputPrice = toColumn(input.outputPrice) ?? null;
    if (input.cachedInputPrice !== undefined)
      model.cachedInputPrice = toColumn(input.cachedInputPrice) ?? null;
    if (input.currency !== undefined) model.currency = input.currency;
    if (input.deployments !== undefined)
      model.deployments = await this.checkDeployments(model.tenantId, input.deployments);
    return this.write(model, 'model.update', before);
  }

  async remove(principal: Principal, id: string): Promise<ModelResponse> {
    const model = await this.load(principal, id, OWNERS);
    if (model.tenantId === null) assertPlatformAdmin(principal);
    const before = respond(model);
    await this.transactions.run(async (manager) => {
      await this.models.remove(manager, model);
      await this.changes.record(
        manager,
        {
          tenantId: model.tenantId,
          entity: 'model',
          entityId: model.id,
          op: 'deleted',
        },
        { action: 'model.delete', tenantId: model.tenantId, targetType: 'model', targetId: model.id, before },
      );
    });
    return before;
  }

  private async write(
    model: ModelEntity,
    action: 'model.create' | 'model.update',
    before: ModelResponse | undefined,
  ): Promise<ModelResponse> {
    try {
      return await this.transactions.run(async (manager) => {
        const response = respond(await this.models.save(manager, model));
        await this.changes.record(
          manager,
          {
            tenantId: model.tenantId,
            entity: 'model',
            entityId: response.id,
            op: action === 'model.create' ? 'created' : 'updated',
          },
          {
            action,
            tenantId: model.tenantId,
            targetType: 'model',
            targetId: response.id,
            ...(before === undefined ? {} : { before }),
            after: response,
          },
        );
        return response;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(ErrorCode.CONFLICT, `A model with alias "${model.alias}" already exists here`, [
          { field: 'alias', message: `alias "${model.alias}" is already taken` },
        ]);
      }
      throw error;
    }
  }

  /** Each deployment must name a provider the model's tenant can see (global ones for global models). */
  private async checkDeployments(
    tenantId: string | null,
    input: readonly ModelDeploymentDto[],
  ): Promise<ModelDeployment[]> {
    const problems: FieldProblem[] = [];
    const out: ModelDeployment[] = [];
    for (const [index, deployment] of input.entries()) {
      const provider = await this.providers.findById(deployment.providerId);
      if (provider === null || (provider.tenantId !== null && provider.tenantId !== tenantId)) {
        problems.push({
          field: `deployments.${index}.providerId`,
          message:
            tenantId === null
              ? 'no such global provider (a global model routes only to global providers)'
              : "no such provider, global or of this model's tenant",
        });
        continue;
      }
      out.push({
        providerId: deployment.providerId,
        upstreamModel: deployment.upstreamModel,
        weight: deployment.weight,
        priority: deployment.priority,
      });
    }
    if (problems.length > 0) throw AppError.validation(problems);
    return out;
  }

  private async load(principal: Principal, id: string, roles: readonly string[]): Promise<ModelEntity> {
    const model = await this.models.findById(id);
    if (model === null) throw notFound();
    if (model.tenantId !== null) {
      assertInScope(tenantScope(principal, roles as (typeof READERS)[number][]), model.tenantId, 'Model');
      if ((await this.tenants.find(model.tenantId)) === null) throw notFound();
    }
    return model;
  }
}

function assertPlatformAdmin(principal: Principal): void {
  if (!principal.globalRoles.includes('platform-admin')) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only platform admins manage the global catalog', [
      { field: 'tenantId', message: 'name the tenant that owns this model' },
    ]);
  }
}

function respond(model: ModelEntity): ModelResponse {
  return {
    id: model.id,
    tenantId: model.tenantId,
    alias: model.alias,
    description: model.description,
    capabilities: model.capabilities,
    requiredClaims: model.requiredClaims,
    contextWindow: model.contextWindow,
    inputPrice: price(model.inputPrice),
    outputPrice: price(model.outputPrice),
    cachedInputPrice: price(model.cachedInputPrice),
    currency: model.currency,
    deployments: model.deployments,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
  };
}
