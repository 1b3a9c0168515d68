import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { tenantScope } from '../../platform/auth/authorization.js';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { AppError } from '../../platform/errors/app-error.js';
import { contentRange } from '../../platform/http/list-query.js';
import { ChangeLogRepository } from './change-log.repository.js';
import { ConfigChangeResponse, ConfigRevisionResponse } from './dto/config-change.response.js';

const MAX_PAGE = 500;

/** The configuration revision and its change log: what the data plane has to catch up on. */
@ApiTags('config')
@ApiBearerAuth()
@Controller('api/v1')
export class ConfigChangesController {
  constructor(private readonly log: ChangeLogRepository) {}

  @Get('config-revision')
  @RequireRole('tenant-owner', 'auditor')
  @ApiOkResponse({ type: ConfigRevisionResponse })
  async revision(): Promise<ConfigRevisionResponse> {
    const { revision, occurredAt } = await this.log.current();
    return { revision, changedAt: occurredAt?.toISOString() ?? null };
  }

  @Get('config-changes')
  @RequireRole('tenant-owner', 'auditor')
  @ApiOperation({ summary: 'Changes after a revision, oldest first (?since=<revision>&limit=<n ≤ 500>)' })
  @ApiOkResponse({ type: [ConfigChangeResponse] })
  async changes(
    @CurrentPrincipal() principal: Principal,
    @Query('since') sinceText: string | undefined,
    @Query('limit') limitText: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConfigChangeResponse[]> {
    const since = sinceText === undefined ? 0 : Number(sinceText);
    const limit = limitText === undefined ? 100 : Number(limitText);
    const problems = [
      ...(Number.isSafeInteger(since) && since >= 0
        ? []
        : [{ field: 'since', message: 'since must be a revision number ≥ 0' }]),
      ...(Number.isSafeInteger(limit) && limit >= 1 && limit <= MAX_PAGE
        ? []
        : [{ field: 'limit', message: `limit must be a whole number from 1 to ${MAX_PAGE}` }]),
    ];
    if (problems.length > 0) throw AppError.validation(problems);
    const scope = tenantScope(principal, ['tenant-owner', 'auditor']);
    const { items, total } = await this.log.since(since, limit, scope.all ? 'all' : scope.tenantIds);
    response.setHeader('Content-Range', contentRange('config-changes', 0, items.length, total));
    return items.map((item) => ConfigChangeResponse.from(item));
  }
}
