import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import { CreateModelDto, ModelResponse, UpdateModelDto } from './dto/model.dto.js';
import type { ModelSortField } from './models.repository.js';
import { ModelsService } from './models.service.js';

const SORTABLE: readonly ModelSortField[] = ['alias', 'createdAt', 'updatedAt'];

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api/v1/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @RequireRole('tenant-owner', 'auditor', 'developer')
  @ApiOperation({
    summary:
      "List the global catalog and your tenants' models (filter: tenantId, null = global; visibleIn, a tenant's own and the global catalog; alias)",
  })
  @ApiOkResponse({ type: [ModelResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ModelResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'alias',
      filterable: ['tenantId', 'visibleIn', 'alias'],
    });
    const { items, total } = await this.models.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('models', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner', 'auditor', 'developer')
  @ApiOkResponse({ type: ModelResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ModelResponse> {
    return this.models.get(principal, id);
  }

  @Post()
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Add a model to a tenant, or to the global catalog (platform admins)' })
  @ApiOkResponse({ type: ModelResponse })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateModelDto): Promise<ModelResponse> {
    return this.models.create(principal, body);
  }

  @Put(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: ModelResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateModelDto,
  ): Promise<ModelResponse> {
    return this.models.update(principal, id, body);
  }

  @Delete(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: ModelResponse })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ModelResponse> {
    return this.models.remove(principal, id);
  }
}
