import { ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsISO8601, IsString, IsUUID, Length, ValidateIf, validateSync } from 'class-validator';
import { AppError } from '../../../platform/errors/app-error.js';
import { fieldProblems } from '../../../platform/errors/validation.js';
import {
  STATUS_CLASSES,
  type StatusClass,
  USAGE_GROUPINGS,
  type UsageFilter,
  type UsageGrouping,
} from '../usage.repository.js';

const given = (_object: object, value: unknown): boolean => value !== undefined;
const PRINCIPAL_KINDS = ['user', 'application'] as const;

/**
 * What a usage list (`filter={…}`) or summary (query parameters) may be narrowed to. Outside the
 * caller's visibility a filter finds nothing: another tenant's events are never confirmed.
 */
export class UsageFilterDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf(given)
  @IsUUID('all', { message: 'tenantId must be a uuid' })
  tenantId?: string;

  @ApiPropertyOptional({ enum: PRINCIPAL_KINDS })
  @ValidateIf(given)
  @IsIn(PRINCIPAL_KINDS)
  principalKind?: (typeof PRINCIPAL_KINDS)[number];

  @ApiPropertyOptional({ description: 'a user or application id (`jit:<sub>` for a token caller)' })
  @ValidateIf(given)
  @IsString()
  @Length(1, 300)
  principalId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the API key the calls were made with' })
  @ValidateIf(given)
  @IsUUID('all', { message: 'keyId must be a uuid' })
  keyId?: string;

  @ApiPropertyOptional({ description: 'the model alias callers asked for (exact)' })
  @ValidateIf(given)
  @IsString()
  @Length(1, 100)
  model?: string;

  @ApiPropertyOptional({ enum: STATUS_CLASSES, description: 'the class of the status the client got' })
  @ValidateIf(given)
  @IsIn(STATUS_CLASSES)
  statusClass?: StatusClass;

  @ApiPropertyOptional({ format: 'date-time', description: 'calls started at or after this instant' })
  @ValidateIf(given)
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date, e.g. 2026-01-31T00:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'calls started before this instant' })
  @ValidateIf(given)
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date, e.g. 2026-02-01T00:00:00Z' })
  to?: string;
}

/** The query of `GET /api/v1/usage/summary`. */
export class UsageSummaryQueryDto extends UsageFilterDto {
  @ApiPropertyOptional({ enum: USAGE_GROUPINGS, default: 'model', description: 'day: UTC days' })
  @ValidateIf(given)
  @IsIn(USAGE_GROUPINGS)
  groupBy?: UsageGrouping;
}

/** The filterable keys of the list, as `parseListQuery` wants them. */
export const USAGE_FILTERABLE = [
  'tenantId',
  'principalKind',
  'principalId',
  'keyId',
  'model',
  'statusClass',
  'from',
  'to',
] as const satisfies readonly (keyof UsageFilterDto)[];

/** Validates the list's parsed `filter` object; every problem is named `filter.<key>`. */
export function parseUsageFilter(raw: Record<string, unknown>): UsageFilter {
  const dto = plainToInstance(UsageFilterDto, raw);
  const errors = validateSync(dto, { forbidUnknownValues: false });
  if (errors.length > 0) throw AppError.validation(fieldProblems(errors, 'filter'));
  return toUsageFilter(dto, 'filter.to');
}

/** A validated DTO as the repository takes it; `to` before `from` is refused under `toField`. */
export function toUsageFilter(dto: UsageFilterDto, toField = 'to'): UsageFilter {
  const filter: UsageFilter = {};
  if (dto.tenantId !== undefined) filter.tenantId = dto.tenantId;
  if (dto.principalKind !== undefined) filter.principalKind = dto.principalKind;
  if (dto.principalId !== undefined) filter.principalId = dto.principalId;
  if (dto.keyId !== undefined) filter.keyId = dto.keyId;
  if (dto.model !== undefined) filter.model = dto.model;
  if (dto.statusClass !== undefined) filter.statusClass = dto.statusClass;
  if (dto.from !== undefined) filter.from = new Date(dto.from);
  if (dto.to !== undefined) filter.to = new Date(dto.to);
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    throw AppError.validation([{ field: toField, message: 'to must not be before from' }]);
  }
  return filter;
}
