import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { AdminErrorBody } from '@portcullis/contracts';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from './app-error.js';

interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

/** A compressed body that does not inflate: zlib's error, which the body parser marks 400. */
function isInflateError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}

/**
 * The one error body of the admin API: `{ error: { code, message, requestId, fields? } }`.
 * Unexpected failures are logged with their stack and answered with a generic 500 whose message
 * reveals nothing of the server's internals.
 */
@Catch()
export class AdminErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: unknown }>();
    const response = context.getResponse<Response>();
    const error = this.toAppError(exception);
    if (error.status >= 500) {
      this.logger.error({ err: exception, reqId: request.id }, 'request failed');
    }
    const requestId =
      typeof request.id === 'string' ? request.id : String(response.getHeader('x-request-id'));
    const body: AdminErrorBody = {
      error: {
        code: error.code,
        message: error.message,
        requestId,
        ...(error.fields.length > 0 ? { fields: [...error.fields] } : {}),
      },
    };
    if (response.headersSent) return;
    response.status(error.status).json(body);
  }

  private toAppError(exception: unknown): AppError {
    if (exception instanceof AppError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = AppError.codeForStatus(status);
      const message = status >= 500 ? 'Internal error' : this.httpMessage(exception);
      return new AppError(code, message);
    }
    if (isBodyParserError(exception)) {
      if (exception.type === 'entity.parse.failed') {
        return new AppError(ErrorCode.VALIDATION_FAILED, 'The request body is not valid JSON');
      }
      if (exception.type === 'entity.too.large') {
        return new AppError(ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large');
      }
      if (exception.type === 'encoding.unsupported' || exception.type === 'charset.unsupported') {
        return new AppError(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          'The request body’s encoding is not supported: send UTF-8, plain or gzip/deflate',
        );
      }
      if (exception.status === 400) {
        return new AppError(ErrorCode.VALIDATION_FAILED, 'The request body could not be read');
      }
    }
    if (isInflateError(exception)) {
      return new AppError(
        ErrorCode.VALIDATION_FAILED,
        'The request body does not inflate (Content-Encoding)',
      );
    }
    return new AppError(ErrorCode.INTERNAL, 'Internal error');
  }

  private httpMessage(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.map(String).join('; ');
    return exception.message;
  }
}
