import { AppError, ErrorCode } from '../../platform/errors/app-error.js';

export const DataplaneErrors = {
  tokenNotFound: (): AppError => AppError.notFound('Enrollment token'),
  nodeNotFound: (): AppError => AppError.notFound('Node'),
  /** One message for an unknown, used, expired or revoked token: none of them is confirmed. */
  enrollmentRefused: (): AppError =>
    new AppError(
      ErrorCode.UNAUTHENTICATED,
      'The enrollment token is not valid (unknown, already used, expired or revoked): ask a platform admin for a new one',
    ),
  assertionMissing: (): AppError =>
    new AppError(
      ErrorCode.UNAUTHENTICATED,
      'Send Authorization: Bearer <node assertion> (a portcullis-node+jwt signed with the node key)',
    ),
  /** One message whatever failed (unknown or revoked node, signature, claims): the reason is logged. */
  assertionRefused: (): AppError =>
    new AppError(ErrorCode.UNAUTHENTICATED, 'The node assertion is not valid'),
  publisherUnavailable: (): AppError =>
    new AppError(
      ErrorCode.UNAVAILABLE,
      'The control plane cannot serve the data-plane configuration right now: retry later',
    ),
  fleetReadersOnly: (): AppError =>
    new AppError(
      ErrorCode.FORBIDDEN,
      'Data-plane nodes are platform-level: reading them needs a platform admin or a global auditor',
    ),
};
