import { createHash, timingSafeEqual } from 'node:crypto';

/** A person of the development IdP (README: "Signing in"). */
export interface DevAccount {
  /** Also the `sub` the IdP issues. */
  id: string;
  name: string;
  email: string;
  groups: string[];
}

/** Every demo account has this password: the development IdP is for one machine, offline. */
export const DEV_PASSWORD = 'portcullis';

export const DEV_ACCOUNTS: readonly DevAccount[] = [
  { id: 'alice', name: 'Alice Anders', email: 'alice@acme.test', groups: ['portcullis-platform-admins'] },
  { id: 'bob', name: 'Bob Baker', email: 'bob@acme.test', groups: ['acme-owners'] },
  { id: 'carol', name: 'Carol Chen', email: 'carol@acme.test', groups: ['acme-developers'] },
  { id: 'dave', name: 'Dave Diaz', email: 'dave@acme.test', groups: ['acme-auditors'] },
];

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The demo account named by `login` (its name or e-mail, any case) when the password is right. */
export function checkDevCredentials(login: string, password: string): DevAccount | undefined {
  const wanted = login.trim().toLowerCase();
  const account = DEV_ACCOUNTS.find((candidate) => candidate.id === wanted || candidate.email === wanted);
  const passwordOk = timingSafeEqual(digest(password), digest(DEV_PASSWORD));
  return account !== undefined && passwordOk ? account : undefined;
}

export function findDevAccount(id: string): DevAccount | undefined {
  return DEV_ACCOUNTS.find((account) => account.id === id);
}
