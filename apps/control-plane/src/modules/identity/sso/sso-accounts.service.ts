import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AUDIT_TRAIL, type AuditActor, type AuditTrail } from '../../../platform/audit/audit-trail.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { TenantsReader } from '../../tenants/tenants.reader.js';
import { DirectoryUserEntity } from '../entities/directory-user.entity.js';
import { PrincipalFactory } from '../principal.factory.js';
import { RoleBindingsRepository } from '../role-bindings.repository.js';
import type { SignedInUser } from './oidc.strategy.js';
import { SignInErrorCode, type SignInRefusal } from './sign-in.errors.js';
import { SsoAccountsRepository } from './sso-accounts.repository.js';
import type { ResolvedProvider } from './sso-providers.js';
import type { SsoProfile } from './sso-profile.js';

/** A user id no row has: asks "which bindings would idp-groups alone give?". */
const NO_USER = '00000000-0000-0000-0000-000000000000';

const PROVISIONING_ACTOR: AuditActor = {
  type: 'system',
  id: 'sign-in',
  display: 'console sign-in (just-in-time provisioning)',
};

const refuse = (code: SignInErrorCode, reason: string, userId?: string): SignInRefusal =>
  userId === undefined ? { code, reason } : { code, reason, userId };

function hasAnyRole(principal: Principal): boolean {
  return (
    principal.globalRoles.length > 0 || [...principal.tenantRoles.values()].some((roles) => roles.length > 0)
  );
}

/**
 * Who may sign in to the console, given what an issuer vouches for.
 *
 * - Platform issuer: platform accounts (no tenant), found by issuer + subject; a new one is created
 *   only when a global idp-group binding gives its groups a role.
 * - A tenant's issuer: the tenant's user linked to issuer + subject; else the user whose primary
 *   e-mail the issuer says is verified (and who is then linked); else, when the tenant enables
 *   just-in-time provisioning, a new user of source `oidc-jit`.
 *
 * Inactive users, and anyone who would end up holding no role, are refused.
 */
@Injectable()
export class SsoAccountsService {
  constructor(
    private readonly accounts: SsoAccountsRepository,
    private readonly bindings: RoleBindingsRepository,
    private readonly principals: PrincipalFactory,
    private readonly tenants: TenantsReader,
    @Optional() @Inject(AUDIT_TRAIL) private readonly audit?: AuditTrail,
  ) {}

  async accept(provider: ResolvedProvider, profile: SsoProfile): Promise<SignedInUser | SignInRefusal> {
    const found =
      provider.tenantId === null
        ? await this.platformAccount(profile)
        : await this.tenantAccount(provider.tenantId, profile);
    if ('code' in found) return found;
    const user = found;
    if (!user.active)
      return refuse(SignInErrorCode.INACTIVE_USER, `user ${user.userName} is deactivated`, user.id);
    const principal = await this.principals.forUser(user, { via: 'session', idpGroups: profile.groups });
    if (!hasAnyRole(principal)) {
      return refuse(
        SignInErrorCode.NO_ROLE,
        `no role is bound to user ${user.userName} or to the groups [${profile.groups.join(', ')}]`,
        user.id,
      );
    }
    return { userId: user.id, idpGroups: profile.groups, providerId: provider.id };
  }

  private async platformAccount(profile: SsoProfile): Promise<DirectoryUserEntity | SignInRefusal> {
    const linked = await this.accounts.findLinked(null, profile.issuer, profile.subject);
    if (linked !== null) return linked;
    const global = (await this.bindings.forSubject(NO_USER, null, [], profile.groups)).filter(
      (binding) => binding.tenantId === null,
    );
    if (global.length === 0) {
      return refuse(
        SignInErrorCode.NO_ROLE,
        `no platform account for ${profile.email ?? profile.subject}, and no global role is bound to the groups [${profile.groups.join(', ')}]`,
      );
    }
    return this.create(null, profile);
  }

  private async tenantAccount(
    tenantId: string,
    profile: SsoProfile,
  ): Promise<DirectoryUserEntity | SignInRefusal> {
    const tenant = await this.tenants.find(tenantId);
    if (tenant === null)
      return refuse(SignInErrorCode.UNKNOWN_PROVIDER, `tenant ${tenantId} no longer exists`);

    const linked = await this.accounts.findLinked(tenantId, profile.issuer, profile.subject);
    if (linked !== null) return linked;

    if (profile.email !== null && profile.emailVerified) {
      const matches = await this.accounts.findByEmail(tenantId, profile.email);
      if (matches.length > 1) {
        return refuse(
          SignInErrorCode.ACCOUNT_CONFLICT,
          `several users of the tenant have the e-mail ${profile.email}`,
        );
      }
      const [match] = matches;
      if (match !== undefined) return this.link(match, profile);
    }

    if (!tenant.settings.jitProvisioning) {
      const why =
        profile.email !== null && !profile.emailVerified
          ? `the issuer does not say the e-mail ${profile.email} is verified`
          : 'no user of the tenant has this identity';
      return refuse(
        SignInErrorCode.UNKNOWN_USER,
        `${why}, and the tenant does not create users at first sign-in (jitProvisioning is off)`,
      );
    }
    return this.create(tenantId, profile);
  }

  /** Links a user found by verified e-mail to the issuer's subject. */
  private async link(
    user: DirectoryUserEntity,
    profile: SsoProfile,
  ): Promise<DirectoryUserEntity | SignInRefusal> {
    // Another subject of this same issuer already holds the account: two IdP accounts claim one person.
    if (user.oidcIssuer === profile.issuer && user.oidcSubject !== profile.subject) {
      return refuse(
        SignInErrorCode.ACCOUNT_CONFLICT,
        `user ${user.userName} is linked to another account of this issuer`,
        user.id,
      );
    }
    const before = { oidcIssuer: user.oidcIssuer, oidcSubject: user.oidcSubject };
    user.oidcIssuer = profile.issuer;
    user.oidcSubject = profile.subject;
    try {
      return await this.accounts.transaction(async (manager) => {
        const saved = await manager.save(DirectoryUserEntity, user);
        await this.audit?.record(
          {
            action: 'user.link-identity',
            tenantId: saved.tenantId,
            targetType: 'user',
            targetId: saved.id,
            before,
            after: { oidcIssuer: saved.oidcIssuer, oidcSubject: saved.oidcSubject },
            actor: { type: 'user', id: saved.id, display: saved.userName },
          },
          manager,
        );
        return saved;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        return refuse(SignInErrorCode.ACCOUNT_CONFLICT, 'this identity is already linked to another user');
      }
      throw error;
    }
  }

  private async create(
    tenantId: string | null,
    profile: SsoProfile,
  ): Promise<DirectoryUserEntity | SignInRefusal> {
    const user = this.accounts.newUser({
      tenantId,
      source: 'oidc-jit',
      userName: profile.email ?? profile.subject,
      displayName: profile.name,
      emails: profile.email === null ? [] : [{ value: profile.email, type: 'work', primary: true }],
      primaryEmail: profile.email,
      active: true,
      oidcIssuer: profile.issuer,
      oidcSubject: profile.subject,
    });
    try {
      return await this.accounts.transaction((manager) => this.insert(manager, user));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The same person's sign-in in another tab may have created the account a moment ago.
      const raced = await this.accounts.findLinked(tenantId, profile.issuer, profile.subject);
      if (raced !== null) return raced;
      return refuse(
        SignInErrorCode.ACCOUNT_CONFLICT,
        `a user named ${user.userName} already exists${tenantId === null ? ' among platform accounts' : ' in the tenant'}`,
      );
    }
  }

  private async insert(manager: EntityManager, user: DirectoryUserEntity): Promise<DirectoryUserEntity> {
    const saved = await manager.save(DirectoryUserEntity, user);
    await this.audit?.record(
      {
        action: 'user.create',
        tenantId: saved.tenantId,
        targetType: 'user',
        targetId: saved.id,
        after: {
          id: saved.id,
          tenantId: saved.tenantId,
          source: saved.source,
          userName: saved.userName,
          displayName: saved.displayName,
          email: saved.primaryEmail,
          active: saved.active,
          oidcIssuer: saved.oidcIssuer,
        },
        actor: PROVISIONING_ACTOR,
      },
      manager,
    );
    return saved;
  }
}
