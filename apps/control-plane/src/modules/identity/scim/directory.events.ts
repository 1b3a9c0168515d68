import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CONFIG_REVISIONS, type ConfigRevisions } from '../../../platform/revisions/config-revisions.js';

/**
 * PUBLIC: what the directory tells the rest of the control plane when SCIM changes it. Moves to
 * `identity/identity.events.ts` once another context consumes it.
 */
export const DirectoryEvents = {
  Changed: 'directory.changed',
} as const;

export type DirectoryChange =
  'created' | 'updated' | 'deactivated' | 'reactivated' | 'deleted' | 'members-changed';

export interface DirectoryChangedEvent {
  tenantId: string;
  subject: 'user' | 'group';
  id: string;
  change: DirectoryChange;
  /** For `members-changed`: the users who joined or left (their access changes). */
  userIds?: readonly string[];
}

/**
 * Where directory changes go, inside the transaction that makes them (hence the manager), so a
 * change and the config revision it causes commit together.
 */
export interface DirectoryChangeSink {
  changed(event: DirectoryChangedEvent, manager: EntityManager): Promise<void>;
}

export const DIRECTORY_CHANGE_SINK = Symbol('DIRECTORY_CHANGE_SINK');

/**
 * Every directory change the data plane must see becomes a new config revision, in the change's
 * own transaction: a deactivated user is refused by every node once it applies that revision.
 */
@Injectable()
export class RevisionDirectoryChangeSink implements DirectoryChangeSink {
  constructor(@Inject(CONFIG_REVISIONS) private readonly revisions: ConfigRevisions) {}

  async changed(event: DirectoryChangedEvent, manager: EntityManager): Promise<void> {
    await this.revisions.bump(manager, {
      tenantId: event.tenantId,
      entity: event.subject,
      entityId: event.id,
      op: event.change,
      ...(event.userIds === undefined ? {} : { relatedIds: event.userIds }),
    });
  }
}
