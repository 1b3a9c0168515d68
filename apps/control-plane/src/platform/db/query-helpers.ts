import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ListQuery } from '../http/list-query.js';

/** Escapes `\`, `%` and `_` for a LIKE pattern (PostgreSQL's default escape character is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of a list in the list query's order, ties broken by id so pages never overlap, with
 * the total count for Content-Range.
 */
export async function listPage<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  alias: string,
  query: ListQuery<string>,
  nulls?: 'NULLS FIRST' | 'NULLS LAST',
): Promise<{ items: T[]; total: number }> {
  const [items, total] = await builder
    .orderBy(`${alias}.${query.sortField}`, query.sortOrder, nulls)
    .addOrderBy(`${alias}.id`, 'ASC')
    .skip(query.offset)
    .take(query.limit)
    .getManyAndCount();
  return { items, total };
}
