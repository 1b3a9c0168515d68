import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import type { UserSortField } from './directory.repository.js';
import { DirectoryService } from './directory.service.js';
import { CreateUserDto, UpdateUserDto, UserResponse } from './dto/user.dto.js';

const SORTABLE: readonly UserSortField[] = ['userName', 'displayName', 'createdAt', 'updatedAt', 'active'];

@ApiTags('directory')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @RequireRole('tenant-owner', 'auditor')
  @ApiOperation({ summary: 'List directory users (filter: tenantId, q, active, source)' })
  @ApiOkResponse({ type: [UserResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'userName',
      filterable: ['tenantId', 'q', 'active', 'source'],
    });
    const { items, total } = await this.directory.listUsers(principal, listQuery);
    response.setHeader('Content-Range', contentRange('users', listQuery.offset, items.length, total));
    return items;
  }

  @Get(':id')
  @RequireRole('tenant-owner', 'auditor')
  @ApiOkResponse({ type: UserResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<UserResponse> {
    return this.directory.getUser(principal, id);
  }

  @Post()
  @RequireRole('tenant-owner')
  @ApiOperation({ summary: 'Create a local user (users from the IdP arrive by SCIM or at first sign-in)' })
  @ApiOkResponse({ type: UserResponse })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto): Promise<UserResponse> {
    return this.directory.createUser(principal, body);
  }

  @Put(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: UserResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserResponse> {
    return this.directory.updateUser(principal, id, body);
  }

  @Delete(':id')
  @RequireRole('tenant-owner')
  @ApiOkResponse({ type: UserResponse })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<UserResponse> {
    return this.directory.deleteUser(principal, id);
  }
}
