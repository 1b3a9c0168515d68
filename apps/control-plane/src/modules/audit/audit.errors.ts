import { AppError, ErrorCode } from '../../platform/errors/app-error.js';

export const AuditErrors = {
  notFound: (): AppError => AppError.notFound('Audit event'),
  verifyForbidden: (): AppError =>
    new AppError(
      ErrorCode.FORBIDDEN,
      'Verifying the audit trail walks every tenant: it needs a platform admin or a global auditor',
    ),
};
