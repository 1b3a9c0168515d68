import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AUDIT_TRAIL } from '../../platform/audit/audit-trail.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditEventEntity } from './entities/audit-event.entity.js';

/**
 * The audit trail. Global so that every module (and the auth guard) can inject AUDIT_TRAIL
 * without importing this module, which keeps the dependency pointing at the platform port.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, { provide: AUDIT_TRAIL, useExisting: AuditService }],
  exports: [AUDIT_TRAIL],
})
export class AuditModule {}
