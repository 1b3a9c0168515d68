import { expect } from 'vitest';
import type { TestControlPlane } from './control-plane.js';
import { createTenant, type TestTenant } from './people.js';

export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimMeta {
  resourceType: string;
  created: string;
  lastModified: string;
  location: string;
  version: string;
}

export interface ScimEmail {
  value: string;
  type?: string;
  primary?: boolean;
}

export interface ScimUserBody {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  displayName?: string;
  title?: string;
  active: boolean;
  emails?: ScimEmail[];
  groups?: { value: string; display: string; $ref: string; type: string }[];
  password?: string;
  meta: ScimMeta;
  [SCIM_ENTERPRISE]?: { employeeNumber?: string; department?: string; manager?: { value: string } };
}

export interface ScimGroupBody {
  schemas: string[];
  id: string;
  externalId?: string;
  displayName: string;
  members?: { value: string; display: string; $ref: string; type: string }[];
  meta: ScimMeta;
}

export interface ScimListBody<T> {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

export interface ScimErrorBody {
  schemas: string[];
  status: string;
  scimType?: string;
  detail: string;
}

export interface ScimResponse<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface ScimRequestOptions {
  headers?: Record<string, string>;
  /** A raw body, sent as is (for malformed JSON and the like). */
  raw?: string;
  /** Defaults to the tenant's token. */
  token?: string | null;
}

/** A SCIM client of one tenant, sending what Okta sends on the wire. */
export interface ScimClient {
  tenant: TestTenant;
  token: string;
  tokenId: string;
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options?: ScimRequestOptions,
  ): Promise<ScimResponse<T>>;
}

export const OKTA_HEADERS = {
  'user-agent': 'Okta SCIM Client 1.0.0',
  accept: 'application/scim+json',
  'content-type': 'application/scim+json; charset=utf-8',
  connection: 'close',
};

export async function createScimClient(
  cp: TestControlPlane,
  prefix: string,
  tenant?: TestTenant,
): Promise<ScimClient> {
  const owned = tenant ?? (await createTenant(cp, prefix));
  const created = await cp.request('/api/v1/scim-tokens', {
    method: 'POST',
    json: { tenantId: owned.id, name: `${prefix} provisioning` },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { token, id } = (await created.json()) as { token: string; id: string };
  return {
    tenant: owned,
    token,
    tokenId: id,
    // The caller names the body shape it expects, as with fetch().json().
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
    async request<T>(method: string, path: string, body?: unknown, options: ScimRequestOptions = {}) {
      const headers: Record<string, string> = { ...OKTA_HEADERS, ...options.headers };
      const bearer = options.token === undefined ? token : options.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
      const response = await fetch(`${cp.url}/scim/v2${path}`, { method, headers, body: payload ?? null });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: (text === '' ? undefined : JSON.parse(text)) as T,
        text,
      };
    },
  };
}

/** Asserts a SCIM error response: status, scimType and the RFC 7644 §3.12 body and content type. */
export function expectScimError(
  response: ScimResponse<unknown>,
  status: number,
  scimType?: string,
): ScimErrorBody {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  const body = response.body as ScimErrorBody;
  expect(body.schemas).toEqual([SCIM_ERROR]);
  expect(body.status).toBe(String(status));
  expect(typeof body.detail).toBe('string');
  if (scimType === undefined) expect(body.scimType).toBeUndefined();
  else expect(body.scimType).toBe(scimType);
  return body;
}

export function filterQuery(filter: string, extra = ''): string {
  return `?filter=${encodeURIComponent(filter)}${extra}`;
}
