import { Body, Controller, Delete, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../../platform/auth/principal.js';
import { RequireRole } from '../../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../../platform/http/list-query.js';
import { CreatedScimTokenResponse, CreateScimTokenDto, ScimTokenResponse } from './dto/scim-token.dto.js';
import type { ScimTokenSortField } from './scim-tokens.repository.js';
import { ScimTokensService } from './scim-tokens.service.js';

const SORTABLE: readonly ScimTokenSortField[] = ['createdAt', 'name'];

/** Tenant owners' SCIM tokens, which an IdP (Okta, Entra ID) provisions the tenant's directory with. */
@ApiTags('identity')
@ApiBearerAuth()
@RequireRole('tenant-owner')
@Controller('api/v1/scim-tokens')
export class ScimTokensController {
  constructor(private readonly tokens: ScimTokensService) {}

  @Get()
  @ApiOperation({
    summary: 'List SCIM tokens (filter: tenantId); the tokens themselves are never shown again',
  })
  @ApiOkResponse({ type: [ScimTokenResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ScimTokenResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'createdAt',
      filterable: ['tenantId'],
    });
    const { items, total } = await this.tokens.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('scim-tokens', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @ApiOkResponse({ type: ScimTokenResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ScimTokenResponse> {
    return this.tokens.get(principal, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a SCIM token; the response holds it once, it is never shown again' })
  @ApiOkResponse({ type: CreatedScimTokenResponse })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateScimTokenDto,
    @Req() request: Request,
  ): Promise<CreatedScimTokenResponse> {
    const scimBaseUrl = `${request.protocol}://${request.get('host') ?? 'localhost'}/scim/v2`;
    return this.tokens.create(principal, body, scimBaseUrl);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a SCIM token (the IdP is refused from its next call)' })
  @ApiOkResponse({ type: ScimTokenResponse })
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ScimTokenResponse> {
    return this.tokens.revoke(principal, id);
  }
}
