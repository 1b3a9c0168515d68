import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { LOGGER } from '../../../platform/logging/logger.token.js';

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
 * change and what it triggers commit together.
 *
 * SEAM for the config publisher (ARCHITECTURE.md §2.1, issue 4 point 6): it will bind
 * DIRECTORY_CHANGE_SINK to a sink that writes a new config revision in `manager`'s transaction,
 * so that the data plane denies a deactivated user within a second. Until it lands, the default
 * sink only logs: console sessions and personal access tokens already re-read the user on every
 * request, so they are cut off at once without it.
 */
export interface DirectoryChangeSink {
  changed(event: DirectoryChangedEvent, manager: EntityManager): Promise<void>;
}

export const DIRECTORY_CHANGE_SINK = Symbol('DIRECTORY_CHANGE_SINK');

@Injectable()
export class LoggingDirectoryChangeSink implements DirectoryChangeSink {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  changed(event: DirectoryChangedEvent, _manager: EntityManager): Promise<void> {
    this.logger.debug(
      { event: DirectoryEvents.Changed, ...event, userIds: event.userIds?.length },
      'directory changed (no config publisher yet)',
    );
    return Promise.resolve();
  }
}
