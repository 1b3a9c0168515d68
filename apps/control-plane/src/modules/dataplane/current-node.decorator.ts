import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { DataplaneNodeEntity } from './entities/dataplane-node.entity.js';

/** A request whose node assertion NodeAuthGuard has verified. */
export interface NodeRequest {
  dataplaneNode?: DataplaneNodeEntity;
}

/** The enrolled, unrevoked node that signed the request's assertion (routes behind NodeAuthGuard). */
export const CurrentNode = createParamDecorator(
  (_data: unknown, context: ExecutionContext): DataplaneNodeEntity => {
    const request = context.switchToHttp().getRequest<NodeRequest>();
    if (!request.dataplaneNode) throw new Error('CurrentNode used on a route without NodeAuthGuard');
    return request.dataplaneNode;
  },
);
