import type { AuthProvider, UserIdentity } from 'react-admin';
import { can, permissionsOf, type ConsolePermissions, type Me, type MeTenant } from '../auth/capabilities';
import { readChosenTenant } from '../auth/current-tenant';
import { API_URL, apiFetch } from './http';
import { clearToken, readToken, storeToken } from './session';

/** One way to sign in, from `GET /auth/providers`. */
export interface SignInOption {
  id: string;
  name: string;
  tenantSlug: string | null;
  loginUrl: string;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

const isMeTenant = (value: unknown): value is MeTenant => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof MeTenant, unknown>>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.slug === 'string' &&
    typeof candidate.name === 'string' &&
    isStringList(candidate.roles)
  );
};

const isMe = (value: unknown): value is Me => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof Me, unknown>>;
  return (
    typeof candidate.subject === 'string' &&
    typeof candidate.displayName === 'string' &&
    typeof candidate.via === 'string' &&
    isStringList(candidate.roles) &&
    isStringList(candidate.globalRoles) &&
    Array.isArray(candidate.tenants) &&
    candidate.tenants.every(isMeTenant)
  );
};

const isSignInOption = (value: unknown): value is SignInOption => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof SignInOption, unknown>>;
  return (
    typeof candidate.id === 'string' &&
    typeof candidate.name === 'string' &&
    (candidate.tenantSlug === null || typeof candidate.tenantSlug === 'string') &&
    typeof candidate.loginUrl === 'string' &&
    // Only the control plane's own sign-in routes: never navigate anywhere a response names.
    candidate.loginUrl.startsWith('/auth/login')
  );
};

/** The ways to sign in (single sign-on with the platform's or a tenant's IdP), for the login page. */
export const fetchSignInOptions = async (signal?: AbortSignal): Promise<SignInOption[]> => {
  const response = await fetch('/auth/providers', {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
    signal,
  });
  if (!response.ok) throw new Error(`The sign-in options could not be loaded (HTTP ${response.status}).`);
  const json: unknown = await response.json();
  return Array.isArray(json) ? json.filter(isSignInOption) : [];
};

// The break-glass token when one is stored (this tab only); otherwise the session cookie.
const SESSION = 'session';
const credentialKey = (): string => readToken() ?? SESSION;

// One /me call per credential, shared by checkAuth, getIdentity, getPermissions and canAccess; it is
// forgotten at login and logout. A tenant switch needs no new call: the switcher's choice is applied
// to the cached answer each time (permissionsOf).
let cachedMe: { key: string; me: Promise<Me> } | undefined;

const fetchMe = (key: string): Promise<Me> => {
  if (cachedMe?.key !== key) {
    const headers = new Headers();
    if (key !== SESSION) headers.set('Authorization', `Bearer ${key}`);
    const me = apiFetch(`${API_URL}/me`, { headers }).then(({ json }) => {
      if (!isMe(json)) throw new Error('The control plane returned an unexpected identity.');
      return json;
    });
    // A failed lookup must not be cached, or a transient error would stick until reload.
    me.catch(() => {
      if (cachedMe?.me === me) cachedMe = undefined;
    });
    cachedMe = { key, me };
  }
  return cachedMe.me;
};

/**
 * The permissions in force: the cached /me and the switcher's remembered tenant. Also what the data
 * provider narrows tenant-scoped calls with, so the two never disagree.
 */
export const loadPermissions = async (): Promise<ConsolePermissions> =>
  permissionsOf(await fetchMe(credentialKey()), readChosenTenant());

/** Signed out (or /me failing) means no permissions, never a rejection: see getPermissions. */
const permissionsOrNone = (): Promise<ConsolePermissions | null> => loadPermissions().catch(() => null);

const readLoginToken = (params: unknown): string => {
  const token =
    typeof params === 'object' && params !== null && 'token' in params && typeof params.token === 'string'
      ? params.token.trim()
      : '';
  if (!token) throw new Error('Enter the admin token.');
  return token;
};

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;

/**
 * Two ways in. Single sign-on: the login page sends the browser to `/auth/login`, the IdP signs the
 * person in, and the control plane sets an httpOnly session cookie this code never sees; a session
 * is "signed in" when `/api/v1/me` answers. Break-glass: PORTCULLIS_ADMIN_TOKEN typed into the
 * login form, kept in sessionStorage for this tab.
 */
export const authProvider: AuthProvider = {
  login: async (params: unknown) => {
    const token = readLoginToken(params);
    try {
      await fetchMe(token);
    } catch (error: unknown) {
      if (statusOf(error) === 401) throw new Error('That admin token was not accepted.');
      throw error instanceof Error ? error : new Error('Sign-in failed.');
    }
    storeToken(token);
  },

  logout: async () => {
    const hadToken = readToken() !== null;
    const hadSession = !hadToken && cachedMe?.key === SESSION;
    clearToken();
    cachedMe = undefined;
    if (hadSession) {
      // Ends the server-side session; the cookie is httpOnly, so only the server can drop it.
      await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
    }
  },

  checkAuth: async () => {
    try {
      await fetchMe(credentialKey());
    } catch (error: unknown) {
      // A stored token that no longer works is forgotten; the next check tries the session.
      if (readToken() !== null && statusOf(error) === 401) clearToken();
      // react-admin's protocol: `message: false` sends a first visit to the login page without an error toast.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw { message: false };
    }
  },

  checkError: (error: unknown) => {
    // Rejecting makes react-admin show this message and call logout(), which forgets the credential.
    if (statusOf(error) === 401)
      return Promise.reject(new Error('Your session has expired. Please sign in again.'));
    // 403 and everything else stay on the page and show the error; they are not a reason to sign out.
    return Promise.resolve();
  },

  getIdentity: async (): Promise<UserIdentity> => {
    const me = await fetchMe(credentialKey());
    return { id: me.subject, fullName: me.displayName };
  },

  // react-admin asks for permissions even on the login page. Rejecting there would run checkError and
  // logout again and again, and answering at once while signed out races the logout's navigation
  // (marmelab/react-admin#10764): so signed out answers null, after the /me round trip, never at once.
  getPermissions: permissionsOrNone,

  // Drives the menu, the resource routes and react-admin's own buttons (create, edit, delete, show).
  canAccess: async ({ resource, action, record }: { resource: string; action: string; record?: unknown }) =>
    can(await permissionsOrNone(), resource, action, record),
};
