import { ApiKeyEntity } from '../../modules/access/entities/api-key.entity.js';
import { ApplicationEntity } from '../../modules/access/entities/application.entity.js';
import { GrantEntity } from '../../modules/access/entities/grant.entity.js';
import { ALL_MIGRATIONS } from '@portcullis/migrations';
import type { DataSourceOptions } from 'typeorm';
import { AuditEventEntity } from '../../modules/audit/entities/audit-event.entity.js';
import { ModelEntity } from '../../modules/catalog/entities/model.entity.js';
import { ProviderEntity } from '../../modules/catalog/entities/provider.entity.js';
import { FleetSecretEntity } from '../../modules/config-publisher/entities/fleet-secret.entity.js';
import { SigningKeyEntity } from '../../modules/config-publisher/entities/signing-key.entity.js';
import { ConfigChangeEntity } from '../../modules/config-publisher/entities/config-change.entity.js';
import { DataplaneNodeEntity } from '../../modules/dataplane/entities/dataplane-node.entity.js';
import { EnrollmentTokenEntity } from '../../modules/dataplane/entities/enrollment-token.entity.js';
import { DirectoryGroupEntity } from '../../modules/identity/entities/directory-group.entity.js';
import { DirectoryUserEntity } from '../../modules/identity/entities/directory-user.entity.js';
import { GroupMembershipEntity } from '../../modules/identity/entities/group-membership.entity.js';
import { PersonalAccessTokenEntity } from '../../modules/identity/entities/personal-access-token.entity.js';
import { RoleBindingEntity } from '../../modules/identity/entities/role-binding.entity.js';
import { ScimTokenEntity } from '../../modules/identity/scim/entities/scim-token.entity.js';
import { SessionEntity } from '../../modules/identity/sso/entities/session.entity.js';
import { TenantIdentityProviderEntity } from '../../modules/identity/sso/entities/tenant-identity-provider.entity.js';
import { TokenIssuerEntity } from '../../modules/identity/token-issuers/token-issuer.entity.js';
import { TenantEntity } from '../../modules/tenants/entities/tenant.entity.js';
import { UsageEventEntity } from '../../modules/usage/entities/usage-event.entity.js';

/** Every entity of every module; TypeORM needs them all on the one data source. */
export const ENTITIES = [
  ConfigChangeEntity,
  TenantEntity,
  DirectoryUserEntity,
  DirectoryGroupEntity,
  GroupMembershipEntity,
  RoleBindingEntity,
  PersonalAccessTokenEntity,
  AuditEventEntity,
  SessionEntity,
  TenantIdentityProviderEntity,
  ScimTokenEntity,
  ProviderEntity,
  ModelEntity,
  ApplicationEntity,
  ApiKeyEntity,
  GrantEntity,
  DataplaneNodeEntity,
  EnrollmentTokenEntity,
  SigningKeyEntity,
  FleetSecretEntity,
  TokenIssuerEntity,
  UsageEventEntity,
];

/** Connection options shared by the application and the migration runner. Never `synchronize`. */
export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  };
}
