import { Injectable } from '@nestjs/common';
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
