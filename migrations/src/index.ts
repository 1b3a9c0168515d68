import { CreateTenants1764000000000 } from './1764000000000-create-tenants.js';
import { CreateDirectory1764000000100 } from './1764000000100-create-directory.js';
import { CreateAuditEvents1764000000200 } from './1764000000200-create-audit-events.js';
import { CreateSessionsAndIdentityProviders1764000000300 } from './1764000000300-create-sessions-and-identity-providers.js';
import { CreateConfigChanges1764000000500 } from './1764000000500-create-config-changes.js';
import { CreateScimTokens1764000000400 } from './1764000000400-create-scim-tokens.js';
import { CreateCatalog1764000000600 } from './1764000000600-create-catalog.js';
import { CreateAccess1764000000700 } from './1764000000700-create-access.js';
import { CreateDataplaneNodes1764000000800 } from './1764000000800-create-dataplane-nodes.js';
import { CreatePublisherKeys1764000000900 } from './1764000000900-create-publisher-keys.js';
import { CreateTokenIssuers1764000001000 } from './1764000001000-create-token-issuers.js';
import { CreateUsageEvents1764000001100 } from './1764000001100-usage-events.js';

/**
 * Every migration of the control plane, oldest first. A migration never changes after it has
 * landed: add a new one. Listed explicitly (not globbed) so the build and the bundle agree.
 */
export const ALL_MIGRATIONS = [
  CreateTenants1764000000000,
  CreateDirectory1764000000100,
  CreateAuditEvents1764000000200,
  CreateSessionsAndIdentityProviders1764000000300,
  CreateScimTokens1764000000400,
  CreateConfigChanges1764000000500,
  CreateCatalog1764000000600,
  CreateAccess1764000000700,
  CreateDataplaneNodes1764000000800,
  CreatePublisherKeys1764000000900,
  CreateTokenIssuers1764000001000,
  CreateUsageEvents1764000001100,
];
