import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import { CreateProviderDto, ProviderResponse, UpdateProviderDto } from './dto/provider.dto.js';
import type { ProviderSortField } from './providers.repository.js';
import { ProvidersService } from './providers.service.js';

const SORTABLE: readonly ProviderSortField[] = ['name', 'type', 'createdAt', 'updatedAt'];

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api/v1/providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Get()
  @RequireRole('tenant-owner', 'auditor')
  @ApiOperation({
    summary:
      "List global providers and those of your tenants (filter: tenantId, null = global; visibleIn, a tenant's own and the global ones; type; q)",
  })
  @ApiOkResponse({ type: [ProviderResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProviderResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'name',
      filterable: ['tenantId', 'visibleIn', 'type', 'q'],
    });
    const { items, total } = await this.providers.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('providers', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner', 'auditor')
  @ApiOkResponse({ type: ProviderResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ProviderResponse> {
    return this.providers.get(principal, id);
  }

  @Post()
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Add a provider to a tenant, or a global one (platform admins)' })
  @ApiOkResponse({ type: ProviderResponse })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateProviderDto,
  ): Promise<ProviderResponse> {
    return this.providers.create(principal, body);
  }

  @Put(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: ProviderResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateProviderDto,
  ): Promise<ProviderResponse> {
    return this.providers.update(principal, id, body);
  }

  @Delete(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: ProviderResponse })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ProviderResponse> {
    return this.providers.remove(principal, id);
  }
}
