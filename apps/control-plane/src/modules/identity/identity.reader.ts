import { Injectable } from '@nestjs/common';
import type { JwtAlgorithm } from '@portcullis/contracts';
import type { EntityManager } from 'typeorm';
import type { ClaimRequirement } from '../../platform/http/claim-requirement.dto.js';
import { DirectoryRepository } from './directory.repository.js';

export interface DirectoryUserSummary {
  id: string;
  /** Null for a platform account. */
  tenantId: string | null;
  userName: string;
  displayName: string | null;
  active: boolean;
}

export interface DirectoryGroupSummary {
  id: string;
  tenantId: string;
  displayName: string;
}

/** PUBLIC: what other contexts may read about the directory (users, groups, memberships). */
@Injectable()
export class IdentityReader {
  constructor(private readonly directory: DirectoryRepository) {}

  async findUser(id: string): Promise<DirectoryUserSummary | null> {
    const user = await this.directory.findUserById(id);
    if (user === null) return null;
    return {
      id: user.id,
      tenantId: user.tenantId,
      userName: user.userName,
      displayName: user.displayName,
      active: user.active,
    };
  }

  async findGroup(id: string): Promise<DirectoryGroupSummary | null> {
    const group = await this.directory.findGroup({ all: true }, id);
    if (group === null) return null;
    return { id: group.id, tenantId: group.tenantId, displayName: group.displayName };
  }

  /** The ids of the groups a user belongs to. */
  groupIdsOf(userId: string): Promise<string[]> {
    return this.directory.groupIdsOf(userId);
  }
}

/** A directory user as the data plane's configuration carries it. */
export interface BundleUserRecord {
  id: string;
  tenantId: string;
  userName: string;
  externalId: string | null;
  active: boolean;
  /** Ids of the groups the user belongs to. */
  groups: string[];
}

export interface BundleGroupRecord {
  id: string;
  tenantId: string;
  displayName: string;
}

/** Tenant users (not platform accounts) with their group ids, all or those among `ids`. */
export async function readBundleUsers(
  manager: EntityManager,
  ids?: readonly string[],
): Promise<BundleUserRecord[]> {
  const rows = await manager.query<
    {
      id: string;
      tenant_id: string;
      user_name: string;
      external_id: string | null;
      active: boolean;
      groups: string[];
    }[]
  >(
    `SELECT u.id, u.tenant_id, u.user_name, u.external_id, u.active,
            COALESCE(array_agg(m.group_id::text ORDER BY m.group_id) FILTER (WHERE m.group_id IS NOT NULL), '{}') AS groups
       FROM directory_users u LEFT JOIN group_memberships m ON m.user_id = u.id
      WHERE u.tenant_id IS NOT NULL ${ids === undefined ? '' : 'AND u.id = ANY($1::uuid[])'}
      GROUP BY u.id`,
    ids === undefined ? [] : [ids],
  );
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    userName: row.user_name,
    externalId: row.external_id,
    active: row.active,
    groups: row.groups,
  }));
}

export async function readBundleGroups(
  manager: EntityManager,
  ids?: readonly string[],
): Promise<BundleGroupRecord[]> {
  const rows = await manager.query<{ id: string; tenant_id: string; display_name: string }[]>(
    `SELECT id, tenant_id, display_name FROM directory_groups ${ids === undefined ? '' : 'WHERE id = ANY($1::uuid[])'}`,
    ids === undefined ? [] : [ids],
  );
  return rows.map((row) => ({ id: row.id, tenantId: row.tenant_id, displayName: row.display_name }));
}

/** A trusted token issuer as the data plane's configuration carries it (decision 0011). */
export interface BundleTrustedIssuerRecord {
  id: string;
  tenantId: string;
  issuer: string;
  audience: string[];
  jwksUri: string;
  groupsClaim: string | null;
  requiredClaims: ClaimRequirement[];
  algorithms: JwtAlgorithm[];
}

export async function readBundleTrustedIssuers(
  manager: EntityManager,
  ids?: readonly string[],
): Promise<BundleTrustedIssuerRecord[]> {
  const rows = await manager.query<
    {
      id: string;
      tenant_id: string;
      issuer: string;
      audience: string[];
      jwks_uri: string;
      groups_claim: string | null;
      required_claims: ClaimRequirement[];
      algorithms: JwtAlgorithm[];
    }[]
  >(
    `SELECT id, tenant_id, issuer, audience, jwks_uri, groups_claim, required_claims, algorithms
       FROM token_issuers ${ids === undefined ? '' : 'WHERE id = ANY($1::uuid[])'}`,
    ids === undefined ? [] : [ids],
  );
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    issuer: row.issuer,
    audience: row.audience,
    jwksUri: row.jwks_uri,
    groupsClaim: row.groups_claim,
    requiredClaims: row.required_claims,
    algorithms: row.algorithms,
  }));
}
