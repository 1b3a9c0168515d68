import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import type { ApplicationSortField } from './applications.repository.js';
import { ApplicationsService } from './applications.service.js';
import { ApplicationResponse, CreateApplicationDto, UpdateApplicationDto } from './dto/application.dto.js';

const SORTABLE: readonly ApplicationSortField[] = ['name', 'createdAt', 'updatedAt'];

@ApiTags('access')
@ApiBearerAuth()
@Controller('api/v1/apps')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get()
  @RequireRole('tenant-owner', 'auditor')
  @ApiOperation({ summary: 'List applications (filter: tenantId, q, active)' })
  @ApiOkResponse({ type: [ApplicationResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApplicationResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'name',
      filterable: ['tenantId', 'q', 'active'],
    });
    const { items, total } = await this.applications.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('apps', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner', 'auditor')
  @ApiOkResponse({ type: ApplicationResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApplicationResponse> {
    return this.applications.get(principal, id);
  }

  @Post()
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Create an application (a service identity of a tenant)' })
  @ApiOkResponse({ type: ApplicationResponse })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApplicationDto,
  ): Promise<ApplicationResponse> {
    return this.applications.create(principal, body);
  }

  @Put(':id')
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Update an application; active: false stops all of its keys at once' })
  @ApiOkResponse({ type: ApplicationResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateApplicationDto,
  ): Promise<ApplicationResponse> {
    return this.applications.update(principal, id, body);
  }

  @Delete(':id')
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Delete an application with its keys and grants' })
  @ApiOkResponse({ type: ApplicationResponse })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApplicationResponse> {
    return this.applications.remove(principal, id);
  }
}
