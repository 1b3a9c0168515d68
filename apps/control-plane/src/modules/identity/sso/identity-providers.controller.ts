import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../../platform/auth/principal.js';
import { RequireRole } from '../../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../../platform/http/list-query.js';
import {
  CreateIdentityProviderDto,
  IdentityProviderResponse,
  UpdateIdentityProviderDto,
} from './dto/identity-provider.dto.js';
import type { IdentityProviderSortField } from './identity-providers.repository.js';
import { IdentityProvidersService } from './identity-providers.service.js';

const SORTABLE: readonly IdentityProviderSortField[] = ['issuer', 'createdAt', 'updatedAt'];

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/identity-providers')
export class IdentityProvidersController {
  constructor(private readonly providers: IdentityProvidersService) {}

  @Get()
  @RequireRole('tenant-owner')
  @ApiOperation({
    summary: 'List the OpenID Connect issuers tenants trust for console sign-in (filter: tenantId)',
  })
  @ApiOkResponse({ type: [IdentityProviderResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IdentityProviderResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'createdAt',
      filterable: ['tenantId'],
    });
    const { items, total } = await this.providers.list(principal, listQuery);
    response.setHeader(
      'Content-Range',
      contentRange('identity-providers', listQuery.offset, items.length, total),
    );
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: IdentityProviderResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<IdentityProviderResponse> {
    return this.providers.get(principal, id);
  }

  @Post()
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: "Trust an issuer for a tenant's console sign-in (one per tenant)" })
  @ApiOkResponse({ type: IdentityProviderResponse })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateIdentityProviderDto,
  ): Promise<IdentityProviderResponse> {
    return this.providers.create(principal, body);
  }

  @Put(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: IdentityProviderResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateIdentityProviderDto,
  ): Promise<IdentityProviderResponse> {
    return this.providers.update(principal, id, body);
  }

  @Delete(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: IdentityProviderResponse })
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<IdentityProviderResponse> {
    return this.providers.remove(principal, id);
  }
}
