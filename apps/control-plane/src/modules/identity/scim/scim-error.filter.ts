import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../../../platform/errors/app-error.js';
import { LOGGER } from '../../../platform/logging/logger.token.js';
import { ScimError, ScimErrors } from './scim.errors.js';
import { SCIM_CONTENT_TYPE, SCIM_SCHEMA } from './scim-schema.js';

/** The RFC 7644 §3.12 error body (`status` is a string there). */
export interface ScimErrorBody {
  schemas: [typeof SCIM_SCHEMA.ERROR];
  status: string;
  scimType?: string;
  detail: string;
}

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

/** Any failure of a SCIM request as the ScimError it is answered with. */
export function toScimError(exception: unknown): ScimError {
  if (exception instanceof ScimError) return exception;
  if (exception instanceof AppError) {
    return exception.status >= 500
      ? ScimErrors.internal()
      : new ScimError(exception.status, exception.message);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return status >= 500 ? ScimErrors.internal() : new ScimError(status, exception.message);
  }
  if (isBodyParserError(exception)) {
    if (exception.type === 'entity.parse.failed')
      return ScimErrors.invalidSyntax('The request body is not valid JSON');
    if (exception.type === 'entity.too.large') return ScimErrors.payloadTooLarge();
    if (exception.type === 'encoding.unsupported' || exception.type === 'charset.unsupported')
      return ScimErrors.unsupportedMediaType();
    if (exception.status >= 400 && exception.status < 500)
      return ScimErrors.invalidSyntax('The request body could not be read');
  }
  return ScimErrors.internal();
}

/** Writes a ScimError as the SCIM error body with application/scim+json. */
export function sendScimError(response: Response, error: ScimError): void {
  const body: ScimErrorBody = {
    schemas: [SCIM_SCHEMA.ERROR],
    status: String(error.status),
    ...(error.scimType === undefined ? {} : { scimType: error.scimType }),
    detail: error.detail,
  };
  if (error.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="Portcullis SCIM"');
  response.status(error.status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

/**
 * The error filter of the SCIM controllers (STYLE §6): RFC 7644 error bodies instead of the admin
 * API's. Unexpected failures are logged with the request id and answered "Internal error".
 */
@Catch()
@Injectable()
export class ScimErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: unknown }>();
    const response = context.getResponse<Response>();
    const error = toScimError(exception);
    if (error.status >= 500) this.logger.error({ err: exception, reqId: request.id }, 'SCIM request failed');
    if (response.headersSent) return;
    sendScimError(response, error);
  }
}
