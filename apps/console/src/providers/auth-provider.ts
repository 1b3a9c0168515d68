import type { AuthProvider, UserIdentity } from 'react-admin';
import { API_URL, apiFetch } from './http';
import { clearToken, readToken, storeToken } from './session';

/** `GET /api/v1/me`: who the current credential belongs to. */
interface Me {
  subject: string;
  displayName: string;
  roles: string[];
}

const isMe = (value: unknown): value is Me => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof Me, unknown>>;
  return (
    typeof candidate.subject === 'string' &&
    typeof candidate.displayName === 'string' &&
    Array.isArray(candidate.roles) &&
    candidate.roles.every((role) => typeof role === 'string')
  );
};

// One /me call per token, shared by getIdentity and getPermissions.
let cachedMe: { token: string; me: Promise<Me> } | undefined;

const fetchMe = (token: string): Promise<Me> => {
  if (cachedMe?.token !== token) {
    const me = apiFetch(`${API_URL}/me`, { headers: new Headers({ Authorization: `Bearer ${token}` }) }).then(
      ({ json }) => {
        if (!isMe(json)) throw new Error('The control plane returned an unexpected identity.');
        return json;
      },
    );
    // A failed lookup must not be cached, or a transient error would stick until reload.
    me.catch(() => {
      if (cachedMe?.me === me) cachedMe = undefined;
    });
    cachedMe = { token, me };
  }
  return cachedMe.me;
};

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
 * Break-glass sign-in with PORTCULLIS_ADMIN_TOKEN. OIDC sign-in replaces the login form later;
 * the rest of the console only depends on this provider's contract.
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

  logout: () => {
    clearToken();
    cachedMe = undefined;
    return Promise.resolve();
  },

  checkAuth: () =>
    readToken()
      ? Promise.resolve()
      : // react-admin's protocol: `message: false` sends a first visit to the login page without an error toast.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        Promise.reject({ message: false }),

  checkError: (error: unknown) => {
    // Rejecting makes react-admin show this message and call logout(), which forgets the token.
    if (statusOf(error) === 401)
      return Promise.reject(new Error('Your session has expired. Please sign in again.'));
    // 403 and everything else stay on the page and show the error; they are not a reason to sign out.
    return Promise.resolve();
  },

  getIdentity: async (): Promise<UserIdentity> => {
    const token = readToken();
    if (!token) throw new Error('Not signed in');
    const me = await fetchMe(token);
    return { id: me.subject, fullName: me.displayName };
  },

  // No getPermissions until the console has role-dependent screens: a getPermissions that settles at
  // once while signed out sends react-admin into a logout/redirect loop (marmelab/react-admin#10764).
};
