import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { contentRange, parseListQuery } from './list-query.js';

const spec = { sortable: ['name', 'createdAt'] as const, defaultSort: 'name' as const, filterable: ['q'] };

function problemsOf(query: Record<string, unknown>): string[] {
  try {
    parseListQuery(query, spec);
  } catch (error) {
    if (error instanceof AppError) return error.fields.map((problem) => problem.field);
    throw error;
  }
  return [];
}

describe('parseListQuery', () => {
  it('applies defaults when nothing is given', () => {
    expect(parseListQuery({}, spec)).toEqual({
      sortField: 'name',
      sortOrder: 'ASC',
      offset: 0,
      limit: 25,
      filter: {},
    });
  });

  it('reads sort, range and filter', () => {
    const query = parseListQuery(
      { sort: '["createdAt","DESC"]', range: '[10,19]', filter: '{"q":"acme"}' },
      spec,
    );
    expect(query).toEqual({
      sortField: 'createdAt',
      sortOrder: 'DESC',
      offset: 10,
      limit: 10,
      filter: { q: 'acme' },
    });
  });

  it('names every malformed parameter', () => {
    expect(problemsOf({ sort: '["secret","ASC"]', range: '[5,1]', filter: '{"tenant":"x"}' })).toEqual([
      'sort',
      'range',
      'filter.tenant',
    ]);
    expect(problemsOf({ sort: 'not json' })).toEqual(['sort']);
    expect(problemsOf({ range: '[0,100000]' })).toEqual(['range']);
    expect(problemsOf({ filter: '[1]' })).toEqual(['filter']);
  });
});

describe('contentRange', () => {
  it('describes the page and the total', () => {
    expect(contentRange('tenants', 0, 25, 57)).toBe('tenants 0-24/57');
    expect(contentRange('tenants', 0, 0, 0)).toBe('tenants 0-0/0');
  });
});
