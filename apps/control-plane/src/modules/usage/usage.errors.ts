import { AppError, ErrorCode } from '../../platform/errors/app-error.js';

export const UsageErrors = {
  notJson: (): AppError =>
    new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'Send the usage batch as application/json (Content-Encoding gzip or deflate is accepted)',
    ),
  /** The node keeps the batch and sends it again: nothing of it was taken. */
  queueUnavailable: (): AppError =>
    new AppError(
      ErrorCode.UNAVAILABLE,
      'The control plane cannot take usage events right now: keep them and retry',
    ),
};
