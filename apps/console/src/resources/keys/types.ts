// Mirrors the admin API's virtual API key (apps/control-plane access/dto/api-key.dto.ts).
export type KeyStatus = 'active' | 'expired' | 'revoked';
export type KeyOwnerKind = 'user' | 'application';

export interface ApiKey {
  id: string;
  /** The owner's tenant. */
  tenantId: string;
  /** Whom the key acts as: its access is the owner's current grants, narrowed by `scopeModels`. */
  owner: { kind: KeyOwnerKind; id: string };
  name: string;
  /** The first 12 characters (`pk-` and 9 more): all that is ever shown after creation. */
  prefix: string;
  /** null: every model its owner may use. */
  scopeModels: string[] | null;
  metadata: Record<string, string>;
  status: KeyStatus;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** The audit actor that created it, e.g. `admin:break-glass`. */
  createdBy: string;
  createdAt: string;
}

/** The create response: the only time the key itself is returned. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export const isCreatedApiKey = (value: unknown): value is CreatedApiKey =>
  typeof value === 'object' &&
  value !== null &&
  'key' in value &&
  typeof value.key === 'string' &&
  'prefix' in value &&
  typeof value.prefix === 'string' &&
  'id' in value &&
  typeof value.id === 'string';

export const KEY_STATUS_CHOICES = [
  { id: 'active', name: 'Active' },
  { id: 'expired', name: 'Expired' },
  { id: 'revoked', name: 'Revoked' },
];

export const NAME_MAX_LENGTH = 100;
export const MAX_SCOPE_MODELS = 100;
export const MAX_METADATA_LABELS = 20;
export const METADATA_NAME = /^[A-Za-z0-9_.:/-]{1,64}$/;
export const METADATA_VALUE_MAX_LENGTH = 256;

export const REVOKE_KEY_CONFIRM =
  'Callers using it are refused from the next configuration on. A revoked key cannot be restored; create a new one instead.';
