import type { DataplaneNodeEntity } from './entities/dataplane-node.entity.js';

/**
 * PUBLIC: what another context needs to serve a `/dataplane/v1/*` route of its own. Mark the
 * controller `@Public()` (the admin guard stays out), put `@UseGuards(NodeAuthGuard)` on the route
 * and read the node with `@CurrentNode()`. Importing DataplaneModule provides the guard's
 * dependencies.
 */
export { NodeAuthGuard } from './node-auth.guard.js';
export { CurrentNode } from './current-node.decorator.js';

/** The enrolled, unrevoked node whose assertion the guard verified. */
export type AuthenticatedNode = Pick<DataplaneNodeEntity, 'id' | 'name'>;
