import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import type { GroupSortField } from './directory.repository.js';
import { DirectoryService } from './directory.service.js';
import { CreateGroupDto, GroupResponse, UpdateGroupDto } from './dto/group.dto.js';

const SORTABLE: readonly GroupSortField[] = ['displayName', 'createdAt', 'updatedAt'];

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/groups')
export class GroupsController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @RequireRole('tenant-owner', 'auditor')
  @ApiOperation({ summary: 'List directory groups (filter: tenantId, q)' })
  @ApiOkResponse({ type: [GroupResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<GroupResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'displayName',
      filterable: ['tenantId', 'q'],
    });
    const { items, total } = await this.directory.listGroups(principal, listQuery);
    response.setHeader('Content-Range', contentRange('groups', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner', 'auditor')
  @ApiOkResponse({ type: GroupResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<GroupResponse> {
    return this.directory.getGroup(principal, id);
  }

  @Post()
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: GroupResponse })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateGroupDto): Promise<GroupResponse> {
    return this.directory.createGroup(principal, body);
  }

  @Put(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: GroupResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateGroupDto,
  ): Promise<GroupResponse> {
    return this.directory.updateGroup(principal, id, body);
  }

  @Delete(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: GroupResponse })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<GroupResponse> {
    return this.directory.deleteGroup(principal, id);
  }
}
