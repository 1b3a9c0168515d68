import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConfigChange, ConfigRevisions } from '../../platform/revisions/config-revisions.js';
import { ChangeLogRepository } from './change-log.repository.js';

/** The revision counter behind CONFIG_REVISIONS; the publisher reads the log it keeps. */
@Injectable()
export class ChangeLogService implements ConfigRevisions {
  constructor(private readonly log: ChangeLogRepository) {}

  bump(manager: EntityManager, change: ConfigChange): Promise<number> {
    return this.log.append(manager, change);
  }
}
