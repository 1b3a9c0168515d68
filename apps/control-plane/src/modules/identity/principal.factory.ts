import { Injectable } from '@nestjs/common';
import type { Principal, Role } from '../../platform/auth/principal.js';
import { DirectoryRepository } from './directory.repository.js';
import type { DirectoryUserEntity } from './entities/directory-user.entity.js';
import { RoleBindingsRepository } from './role-bindings.repository.js';

export interface PrincipalOptions {
  via: Principal['via'];
  /** Group names from the IdP token's groups claim (console sign-in only). */
  idpGroups?: readonly string[];
  /** Set for a personal access token: audit events name the token, not only the person. */
  tokenId?: string;
}

/**
 * Turns a directory user into a Principal: their roles come from role bindings to them, to their
 * directory groups, and to IdP groups named in their token.
 */
@Injectable()
export class PrincipalFactory {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly bindings: RoleBindingsRepository,
  ) {}

  async forUser(user: DirectoryUserEntity, options: PrincipalOptions): Promise<Principal> {
    const groupIds = await this.directory.groupIdsOf(user.id);
    const bindings = await this.bindings.forSubject(
      user.id,
      user.tenantId,
      groupIds,
      options.idpGroups ?? [],
    );
    const globalRoles = new Set<Role>();
    const tenantRoles = new Map<string, Role[]>();
    for (const binding of bindings) {
      if (binding.tenantId === null) {
        globalRoles.add(binding.role);
      } else {
        const held = tenantRoles.get(binding.tenantId) ?? [];
        if (!held.includes(binding.role)) held.push(binding.role);
        tenantRoles.set(binding.tenantId, held);
      }
    }
    const display = user.displayName ?? user.userName;
    return {
      via: options.via,
      actor:
        options.tokenId === undefined
          ? { type: 'user', id: user.id, display: user.userName }
          : { type: 'token', id: options.tokenId, display: `personal access token of ${user.userName}` },
      userId: user.id,
      displayName: display,
      globalRoles: [...globalRoles].sort(),
      tenantRoles,
    };
  }
}
