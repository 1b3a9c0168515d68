// The admin token lives in sessionStorage, never localStorage: it is a break-glass credential with
// platform-admin rights, so it must not outlive the browser tab or be shared across tabs.
const TOKEN_KEY = 'portcullis.adminToken';

export const readToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);

export const storeToken = (token: string): void => {
  sessionStorage.setItem(TOKEN_KEY, token);
};

export const clearToken = (): void => {
  sessionStorage.removeItem(TOKEN_KEY);
};
