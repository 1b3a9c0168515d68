import { Body, Controller, Delete, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import { CreateRoleBindingDto, RoleBindingResponse } from './dto/role-binding.dto.js';
import type { RoleBindingSortField } from './role-bindings.repository.js';
import { RoleBindingsService } from './role-bindings.service.js';

const SORTABLE: readonly RoleBindingSortField[] = ['role', 'createdAt', 'subjectType'];

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/role-bindings')
export class RoleBindingsController {
  constructor(private readonly bindings: RoleBindingsService) {}

  @Get()
  @RequireRole('tenant-owner', 'auditor')
  @ApiOperation({ summary: 'List role bindings (filter: tenantId, role, subjectType, subjectId)' })
  @ApiOkResponse({ type: [RoleBindingResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoleBindingResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'createdAt',
      filterable: ['tenantId', 'role', 'subjectType', 'subjectId'],
    });
    const { items, total } = await this.bindings.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('role-bindings', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner', 'auditor')
  @ApiOkResponse({ type: RoleBindingResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RoleBindingResponse> {
    return this.bindings.get(principal, id);
  }

  @Post()
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: RoleBindingResponse })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateRoleBindingDto,
  ): Promise<RoleBindingResponse> {
    return this.bindings.create(principal, body);
  }

  @Delete(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: RoleBindingResponse })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RoleBindingResponse> {
    return this.bindings.remove(principal, id);
  }
}
