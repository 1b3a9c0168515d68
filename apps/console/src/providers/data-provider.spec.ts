import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dataProvider } from './data-provider';

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('dataProvider.getMany', () => {
  beforeEach(() => {
    vi.stubGlobal('sessionStorage', { getItem: () => null });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('leaves out a record that is gone (404), so the others still show', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) =>
        Promise.resolve(
          url.endsWith('/deleted')
            ? json(404, { error: { code: 'NOT_FOUND', message: 'Tenant not found', requestId: 'r1' } })
            : json(200, { id: 'kept', name: 'Kept' }),
        ),
      ),
    );
    const { data } = await dataProvider.getMany('tenants', { ids: ['kept', 'deleted'] });
    expect(data).toEqual([{ id: 'kept', name: 'Kept' }]);
  });

  it('still fails on any other error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(json(403, { error: { code: 'FORBIDDEN', message: 'Not yours', requestId: 'r2' } })),
      ),
    );
    await expect(dataProvider.getMany('tenants', { ids: ['a'] })).rejects.toMatchObject({
      status: 403,
      message: 'Not yours',
    });
  });
});

describe('dataProvider.getList of signing-keys', () => {
  beforeEach(() => {
    vi.stubGlobal('sessionStorage', { getItem: () => null });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads the whole list without Content-Range and keys each record by its kid', async () => {
    const fetchMock = vi.fn((_url: string) =>
      Promise.resolve(
        json(200, [
          { kid: 'k2', status: 'next' },
          { kid: 'k1', status: 'active' },
        ]),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const result = await dataProvider.getList('signing-keys', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'createdAt', order: 'DESC' },
      filter: {},
    });
    expect(result).toEqual({
      data: [
        { id: 'k2', kid: 'k2', status: 'next' },
        { id: 'k1', kid: 'k1', status: 'active' },
      ],
      total: 2,
    });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/signing-keys');
  });
});
