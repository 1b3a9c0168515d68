import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../../platform/auth/principal.js';
import { RequireRole } from '../../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../../platform/http/list-query.js';
import { CreateTokenIssuerDto, TokenIssuerResponse, UpdateTokenIssuerDto } from './token-issuer.dto.js';
import type { TokenIssuerSortField } from './token-issuers.repository.js';
import { TokenIssuersService } from './token-issuers.service.js';

const SORTABLE: readonly TokenIssuerSortField[] = ['issuer', 'createdAt', 'updatedAt'];

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/token-issuers')
export class TokenIssuersController {
  constructor(private readonly issuers: TokenIssuersService) {}

  @Get()
  @RequireRole('tenant-owner', 'auditor')
  @ApiOperation({ summary: 'List the IdPs whose access tokens the data plane accepts (filter: tenantId, q)' })
  @ApiOkResponse({ type: [TokenIssuerResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenIssuerResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'issuer',
      filterable: ['tenantId', 'q'],
    });
    const { items, total } = await this.issuers.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('token-issuers', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner', 'auditor')
  @ApiOkResponse({ type: TokenIssuerResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TokenIssuerResponse> {
    return this.issuers.get(principal, id);
  }

  @Post()
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Trust an IdP’s access tokens for a tenant (issuer, audiences, JWKS, rules)' })
  @ApiOkResponse({ type: TokenIssuerResponse })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTokenIssuerDto,
  ): Promise<TokenIssuerResponse> {
    return this.issuers.create(principal, body);
  }

  @Put(':id')
  @RequireRole('tenant-owner')
  @ApiOperation({
    summary: 'Change a token issuer’s audiences, JWKS, groups claim, required claims or algorithms',
  })
  @ApiOkResponse({ type: TokenIssuerResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateTokenIssuerDto,
  ): Promise<TokenIssuerResponse> {
    return this.issuers.update(principal, id, body);
  }

  @Delete(':id')
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Stop trusting an issuer: its tokens are refused on every node at once' })
  @ApiOkResponse({ type: TokenIssuerResponse })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TokenIssuerResponse> {
    return this.issuers.remove(principal, id);
  }
}
