import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import { CreateTenantDto } from './dto/create-tenant.dto.js';
import { TenantResponse } from './dto/tenant.response.js';
import { UpdateTenantDto } from './dto/update-tenant.dto.js';
import type { TenantSortField } from './tenants.repository.js';
import { TenantsService } from './tenants.service.js';

const SORTABLE: readonly TenantSortField[] = ['slug', 'name', 'createdAt', 'updatedAt'];

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @RequireRole('tenant-owner', 'auditor', 'developer')
  @ApiOperation({ summary: 'List tenants (sort, range and filter={"q":…} as JSON query parameters)' })
  @ApiOkResponse({ type: [TenantResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TenantResponse[]> {
    const listQuery = parseListQuery(query, { sortable: SORTABLE, defaultSort: 'name', filterable: ['q'] });
    const { items, total } = await this.tenants.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('tenants', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner', 'auditor', 'developer')
  @ApiOkResponse({ type: TenantResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TenantResponse> {
    return this.tenants.get(principal, id);
  }

  @Post()
  @RequireRole('platform-admin')
  @ApiOkResponse({ type: TenantResponse })
  create(@Body() body: CreateTenantDto): Promise<TenantResponse> {
    return this.tenants.create(body);
  }

  @Put(':id')
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Rename (platform-admin) or change settings (tenant-owner)' })
  @ApiOkResponse({ type: TenantResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateTenantDto,
  ): Promise<TenantResponse> {
    return this.tenants.update(principal, id, body);
  }

  @Delete(':id')
  @RequireRole('platform-admin')
  @ApiOkResponse({
    type: TenantResponse,
    description: 'The deleted tenant (soft-deleted: its audit trail stays)',
  })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TenantResponse> {
    return this.tenants.remove(principal, id);
  }
}
