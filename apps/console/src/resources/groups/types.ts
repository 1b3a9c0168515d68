import type { DirectorySource } from '../shared/directory-source';

// Mirrors the admin API's group representation (apps/control-plane identity/dto/group.dto.ts).
export interface DirectoryGroup {
  id: string;
  tenantId: string;
  displayName: string;
  source: DirectorySource;
  externalId: string | null;
  memberIds: string[];
  /** False when the IdP owns the record (SCIM). */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

export const GROUP_NAME_MAX_LENGTH = 255;

export const DELETE_GROUP_CONFIRM =
  'Its members stay in the directory but lose the roles bound to this group. This cannot be undone.';
