import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AUDIT_TRAIL, type AuditEntry, type AuditTrail } from '../audit/audit-trail.js';
import { CONFIG_REVISIONS, type ConfigChange, type ConfigRevisions } from './config-revisions.js';

/**
 * One call for what every admin write does inside its transaction: bump the config revision, then
 * record the audit event (in that order, so the audit chain and the revision log share one lock
 * order and never deadlock).
 */
@Injectable()
export class ChangeRecorder {
  constructor(
    @Inject(CONFIG_REVISIONS) private readonly revisions: ConfigRevisions,
    @Inject(AUDIT_TRAIL) private readonly audit: AuditTrail,
  ) {}

  async record(manager: EntityManager, change: ConfigChange, entry: AuditEntry): Promise<void> {
    await this.revisions.bump(manager, change);
    await this.audit.record(entry, manager);
  }
}
