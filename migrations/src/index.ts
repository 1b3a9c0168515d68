import { CreateTenants1764000000000 } from './1764000000000-create-tenants.js';

/**
 * Every migration of the control plane, oldest first. A migration never changes after it has
 * landed: add a new one. Listed explicitly (not globbed) so the build and the bundle agree.
 */
export const ALL_MIGRATIONS = [CreateTenants1764000000000];
