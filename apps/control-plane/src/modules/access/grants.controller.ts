import { Body, Controller, Delete, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import { CreateGrantDto, GrantResponse } from './dto/grant.dto.js';
import type { GrantSortField } from './grants.repository.js';
import { GrantsService } from './grants.service.js';

const SORTABLE: readonly GrantSortField[] = ['model', 'subjectKind', 'createdAt'];

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/v1/grants')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Get()
  @RequireRole('tenant-owner', 'auditor')
  @ApiOperation({ summary: 'List grants (filter: tenantId, model, subjectKind, subjectId)' })
  @ApiOkResponse({ type: [GrantResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<GrantResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'createdAt',
      filterable: ['tenantId', 'model', 'subjectKind', 'subjectId'],
    });
    const { items, total } = await this.grants.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('grants', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner', 'auditor')
  @ApiOkResponse({ type: GrantResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<GrantResponse> {
    return this.grants.get(principal, id);
  }

  @Post()
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Grant a model alias (or *) to a user, group, application or the whole tenant' })
  @ApiOkResponse({ type: GrantResponse })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateGrantDto): Promise<GrantResponse> {
    return this.grants.create(principal, body);
  }

  @Delete(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: GrantResponse })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<GrantResponse> {
    return this.grants.remove(principal, id);
  }
}
