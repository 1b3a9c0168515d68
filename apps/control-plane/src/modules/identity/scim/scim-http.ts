import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { ScimErrors } from './scim.errors.js';
import type { JsonObject } from './scim-json.js';
import { Projection } from './scim-projection.js';
import { type ResourceSchema, SCIM_CONTENT_TYPE, SCIM_SCHEMA } from './scim-schema.js';

/** Page size when the client names none, and the most one page holds (ServiceProviderConfig). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 200;

export interface ScimListParams {
  filter: string | undefined;
  /** 1-based. */
  startIndex: number;
  count: number;
  projection: Projection;
}

/** Query parameters by lower-cased name: SCIM clients differ in how they spell them. */
function parameters(query: Record<string, unknown>): Map<string, unknown> {
  return new Map(Object.entries(query).map(([key, value]) => [key.toLowerCase(), value]));
}

function integer(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^-?\d{1,9}$/.test(value.trim()))
    throw ScimErrors.invalidValue(`${name} must be an integer`);
  return Number.parseInt(value, 10);
}

/** `attributes` / `excludedAttributes` of a request. */
export function readProjection(resource: ResourceSchema, query: Record<string, unknown>): Projection {
  const params = parameters(query);
  return Projection.read(resource, params.get('attributes'), params.get('excludedattributes'));
}

/**
 * `filter`, `startIndex` and `count` (RFC 7644 §3.4.2.4): startIndex below 1 counts as 1, a
 * negative count as 0, and a count above the page limit as the limit.
 */
export function readListParams(resource: ResourceSchema, query: Record<string, unknown>): ScimListParams {
  const params = parameters(query);
  const filter = params.get('filter');
  if (filter !== undefined && typeof filter !== 'string')
    throw ScimErrors.invalidFilter('filter must be given once');
  if (params.has('sortby'))
    throw ScimErrors.invalidValue('Sorting is not supported (see /scim/v2/ServiceProviderConfig)');
  const startIndex = Math.max(1, integer(params.get('startindex'), 'startIndex') ?? 1);
  const count = Math.min(
    MAX_PAGE_SIZE,
    Math.max(0, integer(params.get('count'), 'count') ?? DEFAULT_PAGE_SIZE),
  );
  return {
    filter: filter === undefined || filter.trim() === '' ? undefined : filter,
    startIndex,
    count,
    projection: readProjection(resource, query),
  };
}

/** A single resource as a response carries it. */
export interface ScimResult {
  resource: JsonObject;
  version: string;
  location: string;
}

/** Sets what every single-resource response carries besides its body: ETag, and Location on create. */
export function single(response: Response, result: ScimResult, created = false): JsonObject {
  response.setHeader('ETag', result.version);
  if (created) response.setHeader('Location', result.location);
  return result.resource;
}

export function listResponse(resources: JsonObject[], totalResults: number, startIndex: number): JsonObject {
  return {
    schemas: [SCIM_SCHEMA.LIST_RESPONSE],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

function entityTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '')
    .map((tag) => tag.replace(/^W\//, ''));
}

/** Weak comparison (RFC 7232 §2.3.2): `W/"x"` and `"x"` name the same version. */
function matches(header: string, version: string): boolean {
  const tags = entityTags(header);
  return tags.includes('*') || tags.includes(version.replace(/^W\//, ''));
}

/** If-Match (RFC 7644 §3.14): honoured when sent, never required. A mismatch is 412. */
export function checkIfMatch(header: string | undefined, version: string): void {
  if (header !== undefined && header.trim() !== '' && !matches(header, version))
    throw ScimErrors.preconditionFailed();
}

/** If-None-Match on a GET: true when the client already has this version (answer 304). */
export function notModified(header: string | undefined, version: string): boolean {
  return header !== undefined && header.trim() !== '' && matches(header, version);
}

/**
 * A write's body: JSON sent as application/scim+json or application/json (parsed by the app's
 * JSON body parser, which accepts application/*+json). Anything else is 415.
 */
export function jsonBody(request: Request): unknown {
  if (request.is(['application/json', 'application/*+json']) === false || request.body === undefined)
    throw ScimErrors.unsupportedMediaType();
  return request.body;
}

/** Every SCIM response is application/scim+json (RFC 7644 §3.1), errors included. */
@Injectable()
export class ScimContentTypeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getResponse<Response>().type(SCIM_CONTENT_TYPE);
    return next.handle();
  }
}
