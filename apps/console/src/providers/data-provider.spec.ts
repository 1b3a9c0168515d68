import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDataProvider, dataProvider } from './data-provider';

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

describe('dataProvider in the current tenant', () => {
  const calls: { url: string; body: string | undefined }[] = [];
  const scoped = createDataProvider(() => Promise.resolve('t-current'));
  const unscoped = createDataProvider(() => Promise.resolve(null));

  beforeEach(() => {
    calls.length = 0;
    vi.stubGlobal('sessionStorage', { getItem: () => null });
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init?: RequestInit) => {
        calls.push({ url, body: typeof init?.body === 'string' ? init.body : undefined });
        return Promise.resolve(
          new Response(JSON.stringify(init?.method === 'POST' ? { id: 'new' } : []), {
            status: 200,
            headers: { 'Content-Type': 'application/json', 'Content-Range': 'items 0-0/0' },
          }),
        );
      }),
    );
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const filterOf = (url: string): unknown =>
    JSON.parse(new URL(url, 'http://x').searchParams.get('filter') ?? '{}');
  const list = { pagination: { page: 1, perPage: 10 }, sort: { field: 'id', order: 'ASC' as const } };

  it('narrows a tenant-scoped list to the current tenant, over a stored tenant filter', async () => {
    await scoped.getList('apps', { ...list, filter: { q: 'bot', tenantId: 't-other' } });
    expect(filterOf(calls[0]?.url ?? '')).toEqual({ q: 'bot', tenantId: 't-current' });
  });

  it('keeps the global catalog in the models list', async () => {
    await scoped.getList('models', { ...list, filter: {} });
    expect(filterOf(calls[0]?.url ?? '')).toEqual({ visibleIn: 't-current' });
  });

  it('narrows references and creates new records in the current tenant', async () => {
    await scoped.getManyReference('grants', { ...list, target: 'subjectId', id: 's1', filter: {} });
    expect(filterOf(calls[0]?.url ?? '')).toEqual({ subjectId: 's1', tenantId: 't-current' });
    await scoped.create('apps', { data: { name: 'bot' } });
    expect(JSON.parse(calls[1]?.body ?? '{}')).toEqual({ name: 'bot', tenantId: 't-current' });
    // Keys take their tenant from their owner.
    await scoped.create('keys', { data: { name: 'k' } });
    expect(JSON.parse(calls[2]?.body ?? '{}')).toEqual({ name: 'k' });
  });

  it('leaves platform resources and holders of global roles unnarrowed', async () => {
    await scoped.getList('tenants', { ...list, filter: {} });
    await unscoped.getList('apps', { ...list, filter: { tenantId: 't-picked' } });
    expect(filterOf(calls[0]?.url ?? '')).toEqual({});
    expect(filterOf(calls[1]?.url ?? '')).toEqual({ tenantId: 't-picked' });
  });
});

describe('dataProvider.getRecentConfigChanges', () => {
  beforeEach(() => {
    vi.stubGlobal('sessionStorage', { getItem: () => null });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads the last revisions, newest first, keeping the current tenant’s and global changes', async () => {
    const urls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => {
        urls.push(url);
        const change = (id: number, tenantId: string | null) => ({
          id,
          occurredAt: '2026-11-24T08:00:00.000Z',
          tenantId,
          entity: 'api-key',
          entityId: `k${id}`,
          op: 'created',
        });
        return Promise.resolve(
          url.includes('config-revision')
            ? json(200, { revision: 12, changedAt: '2026-11-24T08:00:00.000Z' })
            : json(200, [change(10, 't-current'), change(11, 't-other'), change(12, null)]),
        );
      }),
    );
    const recent = await createDataProvider(() => Promise.resolve('t-current')).getRecentConfigChanges(8);
    expect(urls[1]).toBe('/api/v1/config-changes?since=4&limit=8');
    expect(recent.revision).toBe(12);
    expect(recent.changes.map((change) => change.id)).toEqual([12, 10]);
  });
});
