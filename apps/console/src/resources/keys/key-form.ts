import { MAX_METADATA_LABELS, METADATA_NAME, METADATA_VALUE_MAX_LENGTH, type KeyOwnerKind } from './types';

/** Who the new key acts as: the signed-in person, or an application. */
export type OwnerChoice = 'self' | 'application';

export interface MetadataRow {
  name?: string | null;
  value?: string | null;
}

/** The create form's values; `tenantId` only narrows the application and model pickers. */
export interface KeyForm {
  name?: string;
  owner?: OwnerChoice;
  tenantId?: string | null;
  applicationId?: string | null;
  scopeModels?: string[] | null;
  expiresAt?: Date | string | null;
  metadata?: MetadataRow[] | null;
}

export interface CreateKeyBody {
  name: string;
  owner?: { kind: KeyOwnerKind; id: string };
  scopeModels?: string[];
  expiresAt?: string;
  metadata?: Record<string, string>;
}

const toIsoDate = (value: Date | string | null | undefined): string | undefined => {
  if (value === null || value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/**
 * The API's body: no owner means "myself"; no scope means every model the owner may use; the
 * metadata rows become one object.
 */
export const toCreateKeyBody = (values: KeyForm): CreateKeyBody => {
  const body: CreateKeyBody = { name: values.name ?? '' };
  if (values.owner === 'application' && values.applicationId) {
    body.owner = { kind: 'application', id: values.applicationId };
  }
  if (values.scopeModels && values.scopeModels.length > 0) body.scopeModels = values.scopeModels;
  const expiresAt = toIsoDate(values.expiresAt);
  if (expiresAt !== undefined) body.expiresAt = expiresAt;
  const rows = (values.metadata ?? []).filter((row) => row.name);
  if (rows.length > 0) {
    body.metadata = Object.fromEntries(rows.map((row) => [row.name ?? '', row.value ?? '']));
  }
  return body;
};

type FieldErrors = Record<string, unknown>;

/**
 * Puts the API's field problems on the form's inputs: `owner` on the owner choice, `owner.id` on
 * the application picker (or the owner choice, for a person), `scopeModels.<n>` on the scope and
 * `metadata.<label>` on the labels.
 */
export const toKeyFormErrors = (errors: FieldErrors, owner: OwnerChoice | undefined): FieldErrors => {
  const out: FieldErrors = {};
  const add = (field: string, message: unknown) => {
    const previous = out[field];
    out[field] =
      typeof previous === 'string' && typeof message === 'string' ? `${previous}; ${message}` : message;
  };
  for (const [field, message] of Object.entries(errors)) {
    if (field === 'root') out.root = message;
    else if (field === 'owner.id' || field === 'owner.kind')
      add(owner === 'application' ? 'applicationId' : 'owner', message);
    else if (field.startsWith('scopeModels')) add('scopeModels', message);
    else if (field.startsWith('metadata')) add('metadata', message);
    else add(field, message);
  }
  return out;
};

/** Labels are checked as the API checks them, so mistakes show before saving. */
export const validateMetadata = (rows: unknown): string | undefined => {
  if (!Array.isArray(rows)) return undefined;
  const named = (rows as MetadataRow[]).filter((row) => row.name);
  if (named.length > MAX_METADATA_LABELS) return `At most ${MAX_METADATA_LABELS} labels.`;
  const seen = new Set<string>();
  for (const { name, value } of named) {
    const label = name ?? '';
    if (!METADATA_NAME.test(label)) return `"${label}": label names are 1 to 64 letters, digits or _ . : / -`;
    if (seen.has(label)) return `"${label}" is there twice.`;
    seen.add(label);
    if ((value ?? '').length > METADATA_VALUE_MAX_LENGTH)
      return `"${label}": values are at most ${METADATA_VALUE_MAX_LENGTH} characters.`;
  }
  return undefined;
};

export const inTheFuture = (value: unknown): string | undefined => {
  const iso = toIsoDate(value as Date | string | null | undefined);
  return iso !== undefined && Date.parse(iso) <= Date.now() ? 'Choose a time in the future.' : undefined;
};
