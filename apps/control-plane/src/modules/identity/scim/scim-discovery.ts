import { MAX_FILTER_COMPARISONS } from './scim-filter.js';
import { MAX_PAGE_SIZE } from './scim-http.js';
import type { JsonObject } from './scim-json.js';
import { MAX_PATCH_OPERATIONS } from './scim-patch-request.js';
import {
  describeAttribute,
  ENTERPRISE_USER_SCHEMA,
  GROUP_RESOURCE,
  GROUP_SCHEMA,
  type ResourceSchema,
  SCIM_SCHEMA,
  type SchemaDef,
  USER_RESOURCE,
  USER_SCHEMA,
} from './scim-schema.js';

/** RFC 7643 §5: what this service provider supports, and nothing it does not. */
export function serviceProviderConfig(baseUrl: string): JsonObject {
  return {
    schemas: [SCIM_SCHEMA.SERVICE_PROVIDER_CONFIG],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'SCIM bearer token',
        description: `A per-tenant token created at /api/v1/scim-tokens, sent as Authorization: Bearer. PATCH accepts up to ${MAX_PATCH_OPERATIONS} operations; filters up to ${MAX_FILTER_COMPARISONS} comparisons.`,
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export const RESOURCE_TYPES: readonly ResourceSchema[] = [USER_RESOURCE, GROUP_RESOURCE];
export const SCHEMAS: readonly SchemaDef[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];

export function resourceTypeDocument(resource: ResourceSchema, baseUrl: string): JsonObject {
  return {
    schemas: [SCIM_SCHEMA.RESOURCE_TYPE],
    id: resource.name,
    name: resource.name,
    endpoint: resource.endpoint,
    description: resource.name === 'User' ? 'User Account' : 'Group',
    schema: resource.core.id,
    schemaExtensions: resource.extensions.map((extension) => ({ schema: extension.id, required: false })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${resource.name}` },
  };
}

export function schemaDocument(schema: SchemaDef, baseUrl: string): JsonObject {
  return JSON.parse(
    JSON.stringify({
      schemas: [SCIM_SCHEMA.SCHEMA],
      id: schema.id,
      name: schema.name,
      description: schema.description,
      attributes: schema.attributes.map(describeAttribute),
      meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
    }),
  ) as JsonObject;
}
