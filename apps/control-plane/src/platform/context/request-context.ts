import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';

/**
 * What is known about the request being served, wherever in the call chain it is needed (audit
 * events above all), without threading it through every signature. The authentication guard
 * fills in the principal once it is known.
 */
export interface RequestContext {
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
  principal: Principal | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `work` with a request context; used by the middleware and by jobs and tests. */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** Express middleware: one context per request, after request logging has assigned the id. */
export function requestContextMiddleware(
  req: Request & { id?: unknown },
  res: Response,
  next: NextFunction,
): void {
  const requestId = typeof req.id === 'string' ? req.id : String(res.getHeader('x-request-id') ?? '');
  const userAgent = req.headers['user-agent'];
  runWithRequestContext(
    {
      requestId,
      ip: req.ip ?? req.socket.remoteAddress,
      userAgent: userAgent?.slice(0, 512),
      principal: undefined,
    },
    next,
  );
}
