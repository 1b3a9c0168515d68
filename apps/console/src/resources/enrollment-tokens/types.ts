// Mirrors the admin API's enrollment token (apps/control-plane dataplane/dto/enrollment-token.dto.ts).
export type EnrollmentTokenStatus = 'active' | 'used' | 'expired' | 'revoked';

export interface EnrollmentToken {
  id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart. */
  prefix: string;
  status: EnrollmentTokenStatus;
  expiresAt: string;
  usedAt: string | null;
  /** The node that enrolled with it. */
  usedByNodeId: string | null;
  revokedAt: string | null;
  createdBy: string;
  createdAt: string;
}

/** The create response: the only time the token itself (`pen_…`) is returned. */
export interface CreatedEnrollmentToken extends EnrollmentToken {
  token: string;
}

export const isCreatedEnrollmentToken = (value: unknown): value is CreatedEnrollmentToken =>
  typeof value === 'object' &&
  value !== null &&
  'token' in value &&
  typeof value.token === 'string' &&
  'id' in value &&
  typeof value.id === 'string' &&
  'prefix' in value &&
  typeof value.prefix === 'string';

export const NAME_MAX_LENGTH = 100;
export const DEFAULT_TOKEN_HOURS = 24;
export const MAX_TOKEN_HOURS = 720;

export const ENROLLMENT_TOKEN_STATUS_CHOICES = [
  { id: 'active', name: 'Active (not used yet)' },
  { id: 'used', name: 'Used' },
  { id: 'expired', name: 'Expired' },
  { id: 'revoked', name: 'Revoked' },
];

export const REVOKE_ENROLLMENT_TOKEN_CONFIRM =
  'No node can enroll with it any more. Nodes that already enrolled are not affected (revoke a node on its own page). A revoked token cannot be restored.';

/** The shell command that starts a data-plane node enrolling with `token` against this console's origin. */
export const startNodeCommand = (token: string, origin: string): string =>
  `DATA_PLANE_ENROLLMENT_TOKEN=${token} CONTROL_PLANE_URL=${origin} node apps/data-plane/dist/main.js`;
