import { ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
  validateSync,
} from 'class-validator';
import type { AuditActor } from '../../../platform/audit/audit-trail.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { fieldProblems } from '../../../platform/errors/validation.js';

export const ACTOR_TYPES: readonly AuditActor['type'][] = ['user', 'token', 'scim', 'system', 'node'];

/** What a list or an export may be narrowed to, after validation. */
export interface AuditFilter {
  ids?: string[];
  /** null: platform events only. */
  tenantId?: string | null;
  actorId?: string;
  actorType?: AuditActor['type'];
  action?: string;
  actionPrefix?: string;
  targetType?: string;
  targetId?: string;
  requestId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

const given = (_object: object, value: unknown): boolean => value !== undefined;
const givenNotNull = (_object: object, value: unknown): boolean => value !== undefined && value !== null;

/** The `filter={…}` query parameter of `GET /api/v1/audit` and `GET /api/v1/audit/export`. */
export class AuditFilterDto {
  @ApiPropertyOptional({ type: [String], description: 'Event ids (react-admin getMany)' })
  @ValidateIf(given)
  @IsArray()
  @IsUUID('all', { each: true, message: 'id must be a list of uuids' })
  id?: string[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null selects platform events' })
  @ValidateIf(givenNotNull)
  @IsUUID('all', { message: 'tenantId must be a uuid, or null for platform events' })
  tenantId?: string | null;

  @ApiPropertyOptional()
  @ValidateIf(given)
  @IsString()
  @Length(1, 500)
  actorId?: string;

  @ApiPropertyOptional({ enum: ACTOR_TYPES })
  @ValidateIf(given)
  @IsIn(ACTOR_TYPES)
  actorType?: AuditActor['type'];

  @ApiPropertyOptional({ example: 'tenant.create', description: 'Exact action' })
  @ValidateIf(given)
  @IsString()
  @Length(1, 200)
  action?: string;

  @ApiPropertyOptional({ example: 'tenant.', description: 'Actions starting with this text' })
  @ValidateIf(given)
  @IsString()
  @Length(1, 200)
  actionPrefix?: string;

  @ApiPropertyOptional({ example: 'tenant' })
  @ValidateIf(given)
  @IsString()
  @Length(1, 200)
  targetType?: string;

  @ApiPropertyOptional()
  @ValidateIf(given)
  @IsString()
  @Length(1, 500)
  targetId?: string;

  @ApiPropertyOptional({ description: 'The x-request-id of the request that caused the events' })
  @ValidateIf(given)
  @IsString()
  @Length(1, 200)
  requestId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events at or after this instant (ISO 8601)' })
  @ValidateIf(given)
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date, e.g. 2026-01-31T00:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events before this instant (ISO 8601)' })
  @ValidateIf(given)
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date, e.g. 2026-02-01T00:00:00Z' })
  to?: string;
}

/** The filterable keys, as `parseListQuery` wants them. */
export const AUDIT_FILTERABLE = [
  'id',
  'tenantId',
  'actorId',
  'actorType',
  'action',
  'actionPrefix',
  'targetType',
  'targetId',
  'requestId',
  'from',
  'to',
] as const satisfies readonly (keyof AuditFilterDto)[];

/** Validates a parsed `filter` object; every problem is named `filter.<key>`. */
export function parseAuditFilter(raw: Record<string, unknown>): AuditFilter {
  const dto = plainToInstance(AuditFilterDto, raw);
  const errors = validateSync(dto, { forbidUnknownValues: false });
  if (errors.length > 0) throw AppError.validation(fieldProblems(errors, 'filter'));

  const filter: AuditFilter = {};
  if (dto.id !== undefined) filter.ids = dto.id;
  if (dto.tenantId !== undefined) filter.tenantId = dto.tenantId;
  if (dto.actorId !== undefined) filter.actorId = dto.actorId;
  if (dto.actorType !== undefined) filter.actorType = dto.actorType;
  if (dto.action !== undefined) filter.action = dto.action;
  if (dto.actionPrefix !== undefined) filter.actionPrefix = dto.actionPrefix;
  if (dto.targetType !== undefined) filter.targetType = dto.targetType;
  if (dto.targetId !== undefined) filter.targetId = dto.targetId;
  if (dto.requestId !== undefined) filter.requestId = dto.requestId;
  if (dto.from !== undefined) filter.from = new Date(dto.from);
  if (dto.to !== undefined) filter.to = new Date(dto.to);
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    throw AppError.validation([{ field: 'filter.to', message: 'to must not be before from' }]);
  }
  return filter;
}
