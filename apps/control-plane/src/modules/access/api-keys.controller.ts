import { Body, Controller, Delete, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import type { ApiKeySortField } from './api-keys.repository.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse } from './dto/api-key.dto.js';

const SORTABLE: readonly ApiKeySortField[] = ['name', 'createdAt', 'expiresAt', 'lastUsedAt'];

/** Virtual API keys (`pk-…`) for the data plane. Developers see and manage their own. */
@ApiTags('access')
@ApiBearerAuth()
@RequireRole('tenant-owner', 'auditor', 'developer')
@Controller('api/v1/keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOperation({
    summary: 'List API keys: your own, and every key of tenants you own or audit',
    description:
      'filter: tenantId, userId, applicationId, status (active, expired, revoked), q (name or prefix)',
  })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApiKeyResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'createdAt',
      filterable: ['tenantId', 'userId', 'applicationId', 'status', 'q'],
    });
    const { items, total } = await this.keys.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('keys', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiKeyResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApiKeyResponse> {
    return this.keys.get(principal, id);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Create a key; the response holds it once, it is never shown again' })
  @ApiOkResponse({ type: CreatedApiKeyResponse })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyResponse> {
    return this.keys.create(principal, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key: every data-plane node refuses it from the next config revision' })
  @ApiOkResponse({ type: ApiKeyResponse })
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApiKeyResponse> {
    return this.keys.revoke(principal, id);
  }
}
