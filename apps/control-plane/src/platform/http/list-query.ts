import { AppError, type FieldProblem } from '../errors/app-error.js';

/** A list request in the shape react-admin's simple REST data provider sends. */
export interface ListQuery<F extends string> {
  sortField: F;
  sortOrder: 'ASC' | 'DESC';
  offset: number;
  limit: number;
  filter: Record<string, unknown>;
}

export interface ListQuerySpec<F extends string> {
  sortable: readonly F[];
  defaultSort: F;
  filterable: readonly string[];
  maxPageSize?: number;
}

const DEFAULT_PAGE_SIZE = 25;

/**
 * Parses `sort=["name","ASC"]`, `range=[0,24]` and `filter={"q":"acme"}`; every problem names the
 * parameter, and only the declared fields may be sorted or filtered on.
 */
export function parseListQuery<F extends string>(
  query: Record<string, unknown>,
  spec: ListQuerySpec<F>,
): ListQuery<F> {
  const problems: FieldProblem[] = [];
  const maxPageSize = spec.maxPageSize ?? 500;
  const result: ListQuery<F> = {
    sortField: spec.defaultSort,
    sortOrder: 'ASC',
    offset: 0,
    limit: DEFAULT_PAGE_SIZE,
    filter: {},
  };

  const sort = parseJsonParam(query.sort, 'sort', problems);
  if (sort !== undefined) {
    const [field, order] = Array.isArray(sort) ? (sort as unknown[]) : [];
    if (!spec.sortable.includes(field as F) || (order !== 'ASC' && order !== 'DESC')) {
      problems.push({
        field: 'sort',
        message: `sort must be ["<field>","ASC"|"DESC"] with a field among ${spec.sortable.join(', ')}`,
      });
    } else {
      result.sortField = field as F;
      result.sortOrder = order;
    }
  }

  const range = parseJsonParam(query.range, 'range', problems);
  if (range !== undefined) {
    const [start, end] = Array.isArray(range) ? (range as unknown[]) : [];
    if (
      !Number.isSafeInteger(start) ||
      !Number.isSafeInteger(end) ||
      (start as number) < 0 ||
      (end as number) < (start as number) ||
      (end as number) - (start as number) + 1 > maxPageSize
    ) {
      problems.push({
        field: 'range',
        message: `range must be [start,end] with 0 <= start <= end and at most ${maxPageSize} items`,
      });
    } else {
      result.offset = start as number;
      result.limit = (end as number) - (start as number) + 1;
    }
  }

  const filter = parseJsonParam(query.filter, 'filter', problems);
  if (filter !== undefined) {
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
      problems.push({ field: 'filter', message: 'filter must be a JSON object' });
    } else {
      for (const key of Object.keys(filter)) {
        if (!spec.filterable.includes(key)) {
          problems.push({
            field: `filter.${key}`,
            message: `cannot filter on ${key}; filterable: ${spec.filterable.join(', ') || 'nothing'}`,
          });
        }
      }
      result.filter = filter as Record<string, unknown>;
    }
  }

  if (problems.length > 0) throw AppError.validation(problems);
  return result;
}

function parseJsonParam(value: unknown, name: string, problems: FieldProblem[]): unknown {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    problems.push({ field: name, message: `${name} must be given once, as JSON` });
    return undefined;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    problems.push({ field: name, message: `${name} is not valid JSON` });
    return undefined;
  }
}

/** `Content-Range: <resource> <first>-<last>/<total>`, as the console's data provider reads it. */
export function contentRange(resource: string, offset: number, count: number, total: number): string {
  const last = count === 0 ? offset : offset + count - 1;
  return `${resource} ${offset}-${last}/${total}`;
}
