import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { deriveKey } from './derive-key.js';
import { PgSessionStore } from './pg-session.store.js';

export const SESSION_COOKIE = 'portcullis.sid';
/** Absolute: eight hours after sign-in the person signs in again. */
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

/** All a signed-in console session holds; roles are recomputed on every request. */
export interface SessionAuth {
  userId: string;
  /** The groups claim at sign-in (idp-group role bindings match these names). */
  idpGroups: string[];
  providerId: string;
}

declare module 'express-session' {
  interface SessionData {
    auth?: SessionAuth;
  }
}

/**
 * The console's session cookie: `portcullis.sid`, signed with a key derived from the master key,
 * httpOnly, SameSite=Lax (Strict would drop the cookie on the IdP's cross-site redirect back, and
 * with it the sign-in's state), Secure when the request came over TLS (X-Forwarded-Proto counts
 * only when TRUST_PROXY says so), 8 hours at most. No cookie is set until there is something to
 * keep (a pending sign-in).
 */
export function consoleSession(
  dataSource: DataSource,
  masterKey: Uint8Array,
  logger: Logger,
): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: deriveKey(masterKey, 'session-cookie').toString('base64url'),
    store: new PgSessionStore(dataSource, SESSION_LIFETIME_MS, logger),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: SESSION_LIFETIME_MS },
  });
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error('the session store failed');

/** Promisified session operations. */
export function regenerateSession(request: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    request.session.regenerate((error: unknown) => {
      if (error) reject(asError(error));
      else resolve();
    });
  });
}

export function saveSession(request: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    request.session.save((error: unknown) => {
      if (error) reject(asError(error));
      else resolve();
    });
  });
}

export function destroySession(request: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    request.session.destroy((error: unknown) => {
      if (error) reject(asError(error));
      else resolve();
    });
  });
}
