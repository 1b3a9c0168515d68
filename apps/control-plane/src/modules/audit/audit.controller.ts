import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../../platform/auth/principal.js';
import { RequireRole } from '../../platform/auth/require-role.decorator.js';
import { contentRange, parseListQuery } from '../../platform/http/list-query.js';
import type { AuditSortField } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditEventResponse } from './dto/audit-event.response.js';
import { AUDIT_FILTERABLE, AuditFilterDto, parseAuditFilter } from './dto/audit-filter.dto.js';
import { VerifyAuditResponse } from './dto/verify-audit.response.js';

const SORTABLE: readonly AuditSortField[] = ['seq', 'occurredAt'];

const FILTER_DESCRIPTION =
  'JSON object (react-admin simple-rest); keys: tenantId (uuid, or null for platform events), actorId, ' +
  'actorType, action (exact), actionPrefix, targetType, targetId, requestId, id (list of uuids), ' +
  'from (inclusive) and to (exclusive) as ISO 8601 dates (schema AuditFilterDto)';

const filterQuery = ApiQuery({
  name: 'filter',
  required: false,
  description: FILTER_DESCRIPTION,
  example: '{"actionPrefix":"tenant.","from":"2026-01-01T00:00:00Z"}',
  type: String,
});

/**
 * The audit trail for auditors: auditors and tenant owners read their tenants' events; platform
 * events and verification are for platform admins and global auditors.
 */
@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(AuditFilterDto)
@RequireRole('auditor', 'tenant-owner')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'List audit events (sort, range and filter as JSON query parameters); newest first by default',
  })
  @ApiQuery({ name: 'sort', required: false, example: '["seq","DESC"]', description: 'seq or occurredAt' })
  @ApiQuery({ name: 'range', required: false, example: '[0,24]', description: 'at most 500 events' })
  @filterQuery
  @ApiOkResponse({
    type: [AuditEventResponse],
    description: 'With Content-Range: audit <first>-<last>/<total>',
  })
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuditEventResponse[]> {
    const listQuery = parseListQuery(query, {
      sortable: SORTABLE,
      defaultSort: 'seq',
      filterable: AUDIT_FILTERABLE,
    });
    if (query.sort === undefined || query.sort === '') listQuery.sortOrder = 'DESC';
    const filter = parseAuditFilter(listQuery.filter);
    const { items, total } = await this.audit.list(principal, filter, listQuery);
    response.setHeader('Content-Range', contentRange('audit', listQuery.offset, items.length, total));
    return items;
  }

  // Declared before ':id' so that "export" is not taken for an id.
  @Get('export')
  @ApiOperation({
    summary: 'Export audit events as NDJSON, oldest first (same filter and scope as the list)',
    description:
      'Streams one AuditEventResponse per line, up to the newest event at the start of the export.',
  })
  @ApiProduces('application/x-ndjson')
  @filterQuery
  @ApiOkResponse({ description: 'application/x-ndjson, one event per line', type: AuditEventResponse })
  async export(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    const listQuery = parseListQuery(query, {
      sortable: ['seq'],
      defaultSort: 'seq',
      filterable: AUDIT_FILTERABLE,
    });
    const filter = parseAuditFilter(listQuery.filter);
    const lines = await this.audit.export(principal, filter);
    response.status(200);
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.ndjson"`,
    );
    response.setHeader('Cache-Control', 'no-store');
    try {
      await pipeline(Readable.from(lines), response);
    } catch (error) {
      // The client went away: nothing to answer, and the generator has stopped reading.
      if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      throw error;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'One audit event (404 when outside the caller’s scope)' })
  @ApiOkResponse({ type: AuditEventResponse })
  @ApiNotFoundResponse({ description: 'No such event in the caller’s scope' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<AuditEventResponse> {
    return this.audit.get(principal, id);
  }

  @Post('verify')
  @HttpCode(200)
  @RequireRole('auditor')
  @ApiOperation({
    summary: 'Verify the whole hash chain (platform admins and global auditors)',
    description: 'Recomputes every hash in seq order and checks every link; records an audit.verify event.',
  })
  @ApiOkResponse({ type: VerifyAuditResponse })
  @ApiForbiddenResponse({ description: 'Not a platform admin or a global auditor' })
  verify(@CurrentPrincipal() principal: Principal): Promise<VerifyAuditResponse> {
    return this.audit.verify(principal);
  }
}
