import { Controller, Delete, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { AppError } from '../../platform/errors/app-error.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import { NodeResponse, RolloutResponse } from './dto/node.dto.js';
import type { NodeSortField } from './nodes.repository.js';
import { NodesService } from './nodes.service.js';

const SORTABLE: readonly NodeSortField[] = ['name', 'enrolledAt', 'lastSeenAt', 'appliedRevision'];

/**
 * The enrolled data-plane nodes. Reading needs a platform admin or a global auditor (the service
 * refuses auditors of a tenant: the fleet serves every tenant); revoking needs a platform admin.
 */
@ApiTags('dataplane')
@ApiBearerAuth()
@Controller('api/v1/nodes')
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  @Get()
  @RequireRole('auditor')
  @ApiOperation({
    summary: 'List data-plane nodes with their status and lag (platform admins, global auditors)',
    description: 'filter: status (live, stale, revoked), q (name)',
  })
  @ApiOkResponse({ type: [NodeResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<NodeResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'name',
      filterable: ['status', 'q'],
    });
    const { items, total } = await this.nodes.list(principal, listQuery);
    response.setHeader('Content-Range', contentRange('nodes', listQuery.offset, items.length, total));
    return items;
  }

  // Declared before ':id' so that "rollout" is not taken for a node id.
  @Get('rollout')
  @RequireRole('auditor')
  @ApiOperation({
    summary: 'How far a revision (default: the current one) has reached the live nodes',
    description: '"revision 812 applied by 3/3 live nodes in 180 ms"',
  })
  @ApiQuery({ name: 'revision', required: false, type: Number })
  @ApiOkResponse({ type: RolloutResponse })
  rollout(
    @CurrentPrincipal() principal: Principal,
    @Query('revision') revisionText: string | undefined,
  ): Promise<RolloutResponse> {
    return this.nodes.rollout(principal, parseRevision(revisionText));
  }

  @Get(':id')
  @RequireRole('auditor')
  @ApiOkResponse({ type: NodeResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<NodeResponse> {
    return this.nodes.get(principal, id);
  }

  @Delete(':id')
  @RequireRole('platform-admin')
  @ApiOperation({ summary: 'Revoke a node: its assertions are refused from its next request' })
  @ApiOkResponse({ type: NodeResponse })
  revoke(@Param('id') id: string): Promise<NodeResponse> {
    return this.nodes.revoke(id);
  }
}

function parseRevision(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const revision = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(revision)) {
    throw AppError.validation([{ field: 'revision', message: 'revision must be a revision number ≥ 0' }]);
  }
  return revision;
}
