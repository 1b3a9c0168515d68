import type { DirectorySource } from '../shared/directory-source';

// Mirrors the admin API's user representation (apps/control-plane identity/dto/user.dto.ts).
export interface DirectoryUser {
  id: string;
  tenantId: string;
  userName: string;
  displayName: string | null;
  email: string | null;
  active: boolean;
  source: DirectorySource;
  externalId: string | null;
  /** False when the IdP owns the record (SCIM). */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

export const USER_NAME_MAX_LENGTH = 255;
export const DISPLAY_NAME_MAX_LENGTH = 255;
export const EMAIL_MAX_LENGTH = 320;

export const ACTIVE_HELP = 'An inactive user cannot sign in, and their personal access tokens stop working.';

/** "Ada Lovelace (ada@example.com)", or the user name alone. */
export const userRepresentation = (user: Pick<DirectoryUser, 'userName' | 'displayName'>): string =>
  user.displayName ? `${user.displayName} (${user.userName})` : user.userName;

export const DELETE_USER_CONFIRM =
  'Their group memberships and personal access tokens are deleted with them; the audit trail keeps what they did. This cannot be undone.';
