import type { DataProvider, RaRecord } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { API_URL, apiFetch } from './http';

const simpleRest = simpleRestProvider(API_URL, apiFetch);

const recordUrl = (resource: string, id: RaRecord['id']): string =>
  `${API_URL}/${resource}/${encodeURIComponent(String(id))}`;

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;

const isRecord = (value: unknown): value is RaRecord =>
  typeof value === 'object' && value !== null && 'id' in value;

/** Resources the admin API lists whole, without pagination or Content-Range, keyed by `kid`. */
const UNPAGED_BY_KID = new Set(['signing-keys']);

const withKidAsId = (value: unknown): RaRecord[] =>
  Array.isArray(value)
    ? value.flatMap((item: unknown) =>
        typeof item === 'object' && item !== null && 'kid' in item && typeof item.kid === 'string'
          ? [{ ...(item as Record<string, unknown>), id: item.kid }]
          : [],
      )
    : [];

/**
 * ra-data-simple-rest against the admin API, with four departures:
 * - getList of `signing-keys` reads the whole list (no Content-Range) and uses each key's `kid` as id;
 * - getMany reads records one by one, so resources need no `filter={"id":[…]}` support, and leaves
 *   out those that answer 404;
 * - delete and deleteMany accept `204 No Content` (simple-rest expects the deleted record back);
 * - every error is an HttpError whose body carries `message` and, for validation failures,
 *   `errors.<field>` so react-admin shows the server's message under the input (see ./http.ts).
 */
export const dataProvider: DataProvider = {
  ...simpleRest,

  getList: async <RecordType extends RaRecord>(
    resource: string,
    params: Parameters<DataProvider['getList']>[1],
  ) => {
    if (!UNPAGED_BY_KID.has(resource)) return simpleRest.getList<RecordType>(resource, params);
    const { json } = await apiFetch(`${API_URL}/${resource}`, { signal: params.signal });
    const data = withKidAsId(json) as RecordType[];
    return { data, total: data.length };
  },

  getMany: async (resource, params) => {
    const records = await Promise.all(
      params.ids.map((id) =>
        simpleRest.getOne(resource, { id, meta: params.meta, signal: params.signal }).then(
          ({ data }) => data,
          (error: unknown) => {
            // A record that is gone (a deleted tenant named by an old audit event) is left out, so
            // the others still show; references to it render their `empty` state.
            if (statusOf(error) === 404) return undefined;
            throw error;
          },
        ),
      ),
    );
    return { data: records.filter((record) => record !== undefined) };
  },

  delete: async <RecordType extends RaRecord>(
    resource: string,
    params: { id: RecordType['id']; previousData?: RecordType },
  ) => {
    const { json } = await apiFetch(recordUrl(resource, params.id), { method: 'DELETE' });
    const data = isRecord(json)
      ? (json as RecordType)
      : (params.previousData ?? ({ id: params.id } as RecordType));
    return { data };
  },

  deleteMany: async (resource, params) => {
    await Promise.all(params.ids.map((id) => apiFetch(recordUrl(resource, id), { method: 'DELETE' })));
    return { data: params.ids };
  },
};
