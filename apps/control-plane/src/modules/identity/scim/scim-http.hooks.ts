import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '../../../platform/logging/logger.token.js';
import { ScimErrors } from './scim.errors.js';
import { sendScimError, toScimError } from './scim-error.filter.js';

/** Endpoints of RFC 7644 this service provider does not implement (docs/decisions/0007-scim.md). */
const NOT_IMPLEMENTED: readonly [RegExp, string][] = [
  [/^\/scim\/v2\/Bulk\/?$/i, 'Bulk'],
  [/^\/scim\/v2\/Me(\/.*)?$/i, '/Me'],
  [/\/\.search\/?$/i, 'Searching with POST /.search'],
];

/**
 * SCIM answers in its own error format even where no SCIM controller is involved: a body the JSON
 * parser rejects (malformed JSON must be 400 invalidSyntax) and a path no route matches.
 *
 * Both are express handlers mounted on /scim after Nest has registered its routes (onModuleInit
 * runs between route registration and Nest's own not-found and error handlers), so they see only
 * what the SCIM routes did not handle, and the admin API keeps its own format.
 */
@Injectable()
export class ScimHttpHooks implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // An application context without HTTP (a worker process) has no adapter: nothing to hook.
    if ((this.adapterHost.httpAdapter as typeof this.adapterHost.httpAdapter | undefined) === undefined)
      return;
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.use('/scim', (request: Request, response: Response) => {
      const path = request.originalUrl.split('?')[0] ?? '';
      const unsupported = NOT_IMPLEMENTED.find(([pattern]) => pattern.test(path));
      sendScimError(
        response,
        unsupported ? ScimErrors.notImplemented(unsupported[1]) : ScimErrors.noSuchEndpoint(path),
      );
    });
    app.use(
      '/scim',
      (error: unknown, request: Request & { id?: unknown }, response: Response, next: NextFunction) => {
        if (response.headersSent) {
          next(error);
          return;
        }
        const scimError = toScimError(error);
        if (scimError.status >= 500)
          this.logger.error({ err: error, reqId: request.id }, 'SCIM request failed');
        sendScimError(response, scimError);
      },
    );
  }
}
