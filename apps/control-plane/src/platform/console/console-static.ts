import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Paths that belong to APIs; the console's client-side routes never start with these. */
const API_PREFIXES = ['/api/', '/scim/', '/dataplane/', '/healthz', '/readyz', '/auth/'];

/**
 * Serves the built console at `/`: its static files, and `index.html` for the console's own
 * client-side routes. When the console has not been built, `/` says how to build it.
 */
export function consoleStatic(consoleDir: string): RequestHandler[] {
  const indexFile = join(consoleDir, 'index.html');
  const statics = express.static(consoleDir, { index: false, maxAge: '1h', fallthrough: true });
  const spaFallback = (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PREFIXES.some((p) => req.path.startsWith(p))) {
      next();
      return;
    }
    if (req.path.includes('.') && !req.path.endsWith('.html')) {
      next();
      return;
    }
    if (!existsSync(indexFile)) {
      res
        .status(503)
        .type('text/plain')
        .send('The console has not been built. Run `npm run build` (or `npm start`, which builds it).\n');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexFile);
  };
  return [statics, spaFallback];
}
