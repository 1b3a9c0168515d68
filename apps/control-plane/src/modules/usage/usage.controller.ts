import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import { UsageEventResponse } from './dto/usage-event.response.js';
import {
  USAGE_FILTERABLE,
  UsageFilterDto,
  UsageSummaryQueryDto,
  parseUsageFilter,
  toUsageFilter,
} from './dto/usage-filter.dto.js';
import { UsageSummaryResponse } from './dto/usage-summary.response.js';
import type { UsageSortField } from './usage.repository.js';
import { UsageService } from './usage.service.js';

const SORTABLE: readonly UsageSortField[] = ['occurredAt'];

/**
 * Stored usage events (decision 0013): platform admins read everything, tenant owners and
 * auditors their tenants, developers the calls they made themselves or with their own keys.
 */
@ApiTags('usage')
@ApiBearerAuth()
@ApiExtraModels(UsageFilterDto)
@RequireRole('tenant-owner', 'auditor', 'developer')
@Controller('api/v1/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @ApiOperation({
    summary: 'List usage events, newest first (sort, range and filter as JSON query parameters)',
    description:
      'filter keys (schema UsageFilterDto): tenantId, principalKind, principalId, keyId, model, ' +
      'statusClass (1xx-5xx), from (inclusive) and to (exclusive) as ISO 8601 dates',
  })
  @ApiQuery({ name: 'sort', required: false, example: '["occurredAt","DESC"]' })
  @ApiQuery({ name: 'range', required: false, example: '[0,24]', description: 'at most 500 events' })
  @ApiQuery({
    name: 'filter',
    required: false,
    type: String,
    example: '{"tenantId":"…","statusClass":"4xx","from":"2026-11-01T00:00:00Z"}',
  })
  @ApiOkResponse({
    type: [UsageEventResponse],
    description: 'With Content-Range: usage <first>-<last>/<total>',
  })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UsageEventResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'occurredAt',
      filterable: USAGE_FILTERABLE,
    });
    if (query.sort === undefined || query.sort === '') listQuery.sortOrder = 'DESC';
    const { items, total } = await this.usage.list(principal, parseUsageFilter(listQuery.filter), listQuery);
    response.setHeader('Content-Range', contentRange('usage', listQuery.offset, items.length, total));
    return items;
  }

  @Get('summary')
  @ApiOperation({
    summary:
      'Sums of calls, errors, tokens and cost per currency, in total and per model, principal, key or day',
    description: 'Takes the list’s filter keys as query parameters, plus groupBy (default model).',
  })
  @ApiOkResponse({ type: UsageSummaryResponse })
  summary(
    @CurrentPrincipal() principal: Principal,
    @Query() query: UsageSummaryQueryDto,
  ): Promise<UsageSummaryResponse> {
    return this.usage.summary(principal, toUsageFilter(query), query.groupBy ?? 'model');
  }
}
