import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthenticatorRegistry } from '../../platform/auth/authenticator.js';
import { Settings } from '../../platform/config/settings.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { DevIdpSeeder } from './dev-idp/dev-idp.seed.js';
import { DirectoryRepository } from './directory.repository.js';
import { DirectoryService } from './directory.service.js';
import { DirectoryGroupEntity } from './entities/directory-group.entity.js';
import { DirectoryUserEntity } from './entities/directory-user.entity.js';
import { GroupMembershipEntity } from './entities/group-membership.entity.js';
import { PersonalAccessTokenEntity } from './entities/personal-access-token.entity.js';
import { RoleBindingEntity } from './entities/role-binding.entity.js';
import { GroupsController } from './groups.controller.js';
import { MeController } from './me.controller.js';
import { PersonalAccessTokenAuthenticator } from './personal-access-token.authenticator.js';
import { PersonalAccessTokensController } from './personal-access-tokens.controller.js';
import { PersonalAccessTokensRepository } from './personal-access-tokens.repository.js';
import { PersonalAccessTokensService } from './personal-access-tokens.service.js';
import { PrincipalFactory } from './principal.factory.js';
import { RoleBindingsController } from './role-bindings.controller.js';
import { RoleBindingsRepository } from './role-bindings.repository.js';
import { RoleBindingsService } from './role-bindings.service.js';
import { ScimModule } from './scim/scim.module.js';
import { TenantIdentityProviderEntity } from './sso/entities/tenant-identity-provider.entity.js';
import { IdentityProvidersController } from './sso/identity-providers.controller.js';
import { IdentityProvidersRepository } from './sso/identity-providers.repository.js';
import { IdentityReader } from './identity.reader.js';
import { IdentityProvidersService } from './sso/identity-providers.service.js';
import { SessionAuthenticator } from './sso/session.authenticator.js';
import { SignInController } from './sso/sign-in.controller.js';
import { SignInFlow } from './sso/sign-in.flow.js';
import { SsoAccountsRepository } from './sso/sso-accounts.repository.js';
import { SsoAccountsService } from './sso/sso-accounts.service.js';
import { SsoProviders } from './sso/sso-providers.js';
import { SsoRuntime } from './sso/sso-runtime.js';
import { TokenIssuerEntity } from './token-issuers/token-issuer.entity.js';
import { TokenIssuersController } from './token-issuers/token-issuers.controller.js';
import { TokenIssuersRepository } from './token-issuers/token-issuers.repository.js';
import { TokenIssuersService } from './token-issuers/token-issuers.service.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [
    TenantsModule,
    ScimModule,
    TypeOrmModule.forFeature([
      DirectoryUserEntity,
      DirectoryGroupEntity,
      GroupMembershipEntity,
      RoleBindingEntity,
      PersonalAccessTokenEntity,
      TenantIdentityProviderEntity,
      TokenIssuerEntity,
    ]),
  ],
  controllers: [
    MeController,
    UsersController,
    GroupsController,
    RoleBindingsController,
    PersonalAccessTokensController,
    SignInController,
    IdentityProvidersController,
    TokenIssuersController,
  ],
  providers: [
    DirectoryRepository,
    DirectoryService,
    RoleBindingsRepository,
    RoleBindingsService,
    PersonalAccessTokensRepository,
    PersonalAccessTokensService,
    PrincipalFactory,
    SsoRuntime,
    SsoProviders,
    SsoAccountsRepository,
    SsoAccountsService,
    SignInFlow,
    IdentityProvidersRepository,
    IdentityProvidersService,
    DevIdpSeeder,
    IdentityReader,
    TokenIssuersRepository,
    TokenIssuersService,
  ],
  exports: [PrincipalFactory, DirectoryRepository, IdentityReader],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    private readonly registry: AuthenticatorRegistry,
    private readonly settings: Settings,
    private readonly tokens: PersonalAccessTokensRepository,
    private readonly directory: DirectoryRepository,
    private readonly principals: PrincipalFactory,
    private readonly ssoRuntime: SsoRuntime,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      new PersonalAccessTokenAuthenticator(
        this.settings.secretKeys,
        this.tokens,
        this.directory,
        this.principals,
      ),
    );
    this.registry.register(new SessionAuthenticator(this.directory, this.principals, this.ssoRuntime));
  }
}
