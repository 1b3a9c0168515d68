import type { DataProvider, RaRecord } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { TENANT_SCOPED } from '../auth/capabilities';
import { isUsageSummary, type UsageSummary } from '../resources/usage/types';
import { isConfigChange, isConfigRevision, type RecentConfigChanges } from '../pages/config-changes/types';
import { loadPermissions } from './auth-provider';
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

const WITH_GLOBAL_CATALOG = new Set(['models', 'providers']);

/** The tenant the console works in (the switcher's), or null to leave calls unnarrowed. */
export type CurrentTenant = () => Promise<string | null>;

const inTenant = async <P extends { filter?: unknown }>(
  currentTenant: CurrentTenant,
  resource: string,
  params: P,
): Promise<P> => {
  if (!TENANT_SCOPED.has(resource)) return params;
  const tenantId = await currentTenant();
  if (tenantId === null) return params;
  const filter = { ...(params.filter as Record<string, unknown>) };
  // The current tenant wins over a tenant filter left in a list's stored parameters.
  delete filter.tenantId;
  // The catalog's lists keep the global models and providers everyone in the tenant may use.
  if (WITH_GLOBAL_CATALOG.has(resource)) return { ...params, filter: { ...filter, visibleIn: tenantId } };
  return { ...params, filter: { ...filter, tenantId } };
};

/**
 * ra-data-simple-rest against the admin API, with five departures:
 * - for someone working in one tenant at a time (the app bar's tenant switcher), every list of a
 *   tenant-scoped resource is narrowed to the current tenant, and a new record without a tenant
 *   is created in it: this is the one place the current tenant is applied;
 * - getList of `signing-keys` reads the whole list (no Content-Range) and uses each key's `kid` as id;
 * - getMany reads records one by one, so resources need no `filter={"id":[…]}` support, and leaves
 *   out those that answer 404;
 * - delete and deleteMany accept `204 No Content` (simple-rest expects the deleted record back);
 * - every error is an HttpError whose body carries `message` and, for validation failures,
 *   `errors.<field>` so react-admin shows the server's message under the input (see ./http.ts).
 */
/** The usage summary's query parameters: the list's filter keys, plus how to group. */
const summaryQuery = (filter: Record<string, unknown>, groupBy: string): string => {
  const query = new URLSearchParams({ groupBy });
  for (const [key, value] of Object.entries(filter))
    if (typeof value === 'string' && value !== '') query.set(key, value);
  return query.toString();
};

/** The admin API beyond react-admin's CRUD methods. */
export interface ConsoleDataProvider extends DataProvider {
  /** `GET /api/v1/usage/summary` over a usage list's filter, in the current tenant. */
  getUsageSummary(
    filter: Record<string, unknown>,
    groupBy: string,
    signal?: AbortSignal,
  ): Promise<UsageSummary>;
  /**
   * The configuration revision and its latest changes, newest first (`GET /api/v1/config-revision`
   * and `/config-changes`): the current tenant's and global ones.
   */
  getRecentConfigChanges(count: number, signal?: AbortSignal): Promise<RecentConfigChanges>;
}

export const createDataProvider = (currentTenant: CurrentTenant): ConsoleDataProvider => ({
  ...simpleRest,

  getList: async <RecordType extends RaRecord>(
    resource: string,
    params: Parameters<DataProvider['getList']>[1],
  ) => {
    if (!UNPAGED_BY_KID.has(resource))
      return simpleRest.getList<RecordType>(resource, await inTenant(currentTenant, resource, params));
    const { json } = await apiFetch(`${API_URL}/${resource}`, { signal: params.signal });
    const data = withKidAsId(json) as RecordType[];
    return { data, total: data.length };
  },

  getManyReference: async (resource, params) =>
    simpleRest.getManyReference(resource, await inTenant(currentTenant, resource, params)),

  create: async (resource, params) => {
    const data = params.data as Record<string, unknown>;
    // Keys take their tenant from their owner: their body has no tenantId.
    const tenantId =
      TENANT_SCOPED.has(resource) && resource !== 'keys' && !data.tenantId ? await currentTenant() : null;
    return simpleRest.create(
      resource,
      tenantId === null ? params : { ...params, data: { ...data, tenantId } },
    );
  },

  getUsageSummary: async (filter, groupBy, signal) => {
    const scoped = await inTenant(currentTenant, 'usage', { filter });
    const { json } = await apiFetch(
      `${API_URL}/usage/summary?${summaryQuery(scoped.filter, groupBy)}`,
      signal ? { signal } : {},
    );
    if (!isUsageSummary(json)) throw new Error('The control plane returned an unexpected usage summary.');
    return json;
  },

  getRecentConfigChanges: async (count, signal) => {
    const options = signal ? { signal } : {};
    const { json: revision } = await apiFetch(`${API_URL}/config-revision`, options);
    if (!isConfigRevision(revision)) throw new Error('The control plane returned an unexpected revision.');
    // Revisions are global: the last `count` of them hold at most `count` changes this caller may see.
    const since = Math.max(0, revision.revision - count);
    const { json } = await apiFetch(`${API_URL}/config-changes?since=${since}&limit=${count}`, options);
    const tenantId = await currentTenant();
    const changes = (Array.isArray(json) ? json.filter(isConfigChange) : [])
      .filter((change) => tenantId === null || change.tenantId === null || change.tenantId === tenantId)
      .reverse();
    return { ...revision, changes };
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
});

export const dataProvider = createDataProvider(async () => (await loadPermissions()).tenantId);
