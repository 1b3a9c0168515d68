import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditActor } from '../../../platform/audit/audit-trail.js';

/** The IdP calling /scim/v2, as the SCIM bearer guard established it from the token. */
export interface ScimClient {
  tenantId: string;
  tokenId: string;
  tokenName: string;
}

export interface ScimRequest {
  scimClient?: ScimClient;
}

/** A SCIM call: who is calling, and the base URL resources are located under. */
export interface ScimCaller extends ScimClient {
  /** `<scheme>://<host>/scim/v2`, as the client reached us. */
  baseUrl: string;
}

export function scimActor(caller: ScimClient): AuditActor {
  return { type: 'scim', id: caller.tokenId, display: caller.tokenName };
}

export const CurrentScimCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ScimCaller => {
    const request = context.switchToHttp().getRequest<Request & ScimRequest>();
    const client = request.scimClient;
    if (client === undefined)
      throw new Error('CurrentScimCaller used on a route without the SCIM bearer guard');
    return { ...client, baseUrl: `${request.protocol}://${request.get('host') ?? 'localhost'}/scim/v2` };
  },
);
