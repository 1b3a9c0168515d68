import { Controller, Get, Param, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/public.decorator.js';
import { ScimErrors } from './scim.errors.js';
import { ScimBearerGuard } from './scim-bearer.guard.js';
import { CurrentScimCaller, type ScimCaller } from './scim-caller.js';
import {
  RESOURCE_TYPES,
  resourceTypeDocument,
  SCHEMAS,
  schemaDocument,
  serviceProviderConfig,
} from './scim-discovery.js';
import { ScimErrorFilter } from './scim-error.filter.js';
import { listResponse, ScimContentTypeInterceptor } from './scim-http.js';
import type { JsonObject } from './scim-json.js';

/** RFC 7644 §4: the service provider's own description. Okta never calls these; Entra ID may. */
@ApiExcludeController()
@Public()
@UseGuards(ScimBearerGuard)
@UseFilters(ScimErrorFilter)
@UseInterceptors(ScimContentTypeInterceptor)
@Controller('scim/v2')
export class ScimDiscoveryController {
  @Get('ServiceProviderConfig')
  serviceProviderConfig(@CurrentScimCaller() caller: ScimCaller): JsonObject {
    return serviceProviderConfig(caller.baseUrl);
  }

  @Get('ResourceTypes')
  resourceTypes(@CurrentScimCaller() caller: ScimCaller): JsonObject {
    const resources = RESOURCE_TYPES.map((resource) => resourceTypeDocument(resource, caller.baseUrl));
    return listResponse(resources, resources.length, 1);
  }

  @Get('ResourceTypes/:name')
  resourceType(@CurrentScimCaller() caller: ScimCaller, @Param('name') name: string): JsonObject {
    const resource = RESOURCE_TYPES.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (resource === undefined) throw ScimErrors.notFound('ResourceType', name);
    return resourceTypeDocument(resource, caller.baseUrl);
  }

  @Get('Schemas')
  schemas(@CurrentScimCaller() caller: ScimCaller): JsonObject {
    const documents = SCHEMAS.map((schema) => schemaDocument(schema, caller.baseUrl));
    return listResponse(documents, documents.length, 1);
  }

  @Get('Schemas/:id')
  schema(@CurrentScimCaller() caller: ScimCaller, @Param('id') id: string): JsonObject {
    const schema = SCHEMAS.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
    if (schema === undefined) throw ScimErrors.notFound('Schema', id);
    return schemaDocument(schema, caller.baseUrl);
  }
}
