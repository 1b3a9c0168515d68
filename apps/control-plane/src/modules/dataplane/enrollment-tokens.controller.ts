import { Body, Controller, Delete, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import {
  CreatedEnrollmentTokenResponse,
  CreateEnrollmentTokenDto,
  EnrollmentTokenResponse,
} from './dto/enrollment-token.dto.js';
import type { EnrollmentTokenSortField } from './enrollment-tokens.repository.js';
import { EnrollmentTokensService } from './enrollment-tokens.service.js';

const SORTABLE: readonly EnrollmentTokenSortField[] = ['createdAt', 'name', 'expiresAt'];

/** One-use tokens that new data-plane nodes enroll with. Platform admins only: no tenant role suffices. */
@ApiTags('dataplane')
@ApiBearerAuth()
@RequireRole('platform-admin')
@Controller('api/v1/enrollment-tokens')
export class EnrollmentTokensController {
  constructor(private readonly tokens: EnrollmentTokensService) {}

  @Get()
  @ApiOperation({
    summary: 'List enrollment tokens; the tokens themselves are never shown again',
    description: 'filter: status (active, used, expired, revoked), q (name or prefix)',
  })
  @ApiOkResponse({ type: [EnrollmentTokenResponse] })
  async list(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EnrollmentTokenResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'createdAt',
      filterable: ['status', 'q'],
    });
    const { items, total } = await this.tokens.list(listQuery);
    response.setHeader(
      'Content-Range',
      contentRange('enrollment-tokens', listQuery.offset, items.length, total),
    );
    return items;
  }

  @Get(':id')
  @ApiOkResponse({ type: EnrollmentTokenResponse })
  get(@Param('id') id: string): Promise<EnrollmentTokenResponse> {
    return this.tokens.get(id);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create a one-use enrollment token (expiresInHours 1..720, default 24); shown this once',
  })
  @ApiOkResponse({ type: CreatedEnrollmentTokenResponse })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateEnrollmentTokenDto,
  ): Promise<CreatedEnrollmentTokenResponse> {
    return this.tokens.create(principal, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an unused enrollment token' })
  @ApiOkResponse({ type: EnrollmentTokenResponse })
  revoke(@Param('id') id: string): Promise<EnrollmentTokenResponse> {
    return this.tokens.revoke(id);
  }
}
