// Mirrors the admin API's explanation (apps/control-plane access/dto/explain.dto.ts).
export interface ExplainReason {
  /** e.g. PRINCIPAL_ACTIVE, KEY_REVOKED, GRANTED_VIA_APPLICATION, NO_GRANT. */
  code: string;
  ok: boolean;
  /** A sentence fit for the console. */
  message: string;
}

export interface Explanation {
  allowed: boolean;
  tenantId: string;
  subject: { kind: 'user' | 'application'; id: string; name: string };
  key: { id: string; name: string; prefix: string } | null;
  model: string;
  /** Every check, in evaluation order; one failed check denies the call. */
  reasons: ExplainReason[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isReason = (value: unknown): value is ExplainReason =>
  isRecord(value) &&
  typeof value.code === 'string' &&
  typeof value.ok === 'boolean' &&
  typeof value.message === 'string';

export const isExplanation = (value: unknown): value is Explanation =>
  isRecord(value) &&
  typeof value.allowed === 'boolean' &&
  typeof value.model === 'string' &&
  isRecord(value.subject) &&
  typeof value.subject.name === 'string' &&
  (value.key === null || isRecord(value.key)) &&
  Array.isArray(value.reasons) &&
  value.reasons.every(isReason);

export type AskAbout = 'key' | 'subject';

/** The form's values; `tenantId` only narrows the pickers. */
export interface ExplainForm {
  ask?: AskAbout;
  tenantId?: string | null;
  keyId?: string | null;
  subject?: { kind?: 'user' | 'application'; id?: string | null };
  model?: string | null;
}

export type ExplainBody =
  { keyId: string; model: string } | { subject: { kind: 'user' | 'application'; id: string }; model: string };

export const toExplainBody = (values: ExplainForm): ExplainBody => {
  const model = values.model ?? '';
  if (values.ask === 'subject') {
    return { subject: { kind: values.subject?.kind ?? 'user', id: values.subject?.id ?? '' }, model };
  }
  return { keyId: values.keyId ?? '', model };
};

/** The API's field problems on the form's inputs (`subject` as a whole lands on its picker). */
export const toExplainFormErrors = (errors: Record<string, unknown>, ask: AskAbout | undefined) => {
  const out: Record<string, unknown> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (field === 'subject' || field === 'subject.kind')
      out[ask === 'key' ? 'keyId' : 'subject.id'] = message;
    else out[field] = message;
  }
  return out;
};

/** What a link asks about: `?keyId=…`, or `?kind=user|application&id=…`, and optionally `&model=…`. */
export const readExplainQuery = (search: string): ExplainForm => {
  const params = new URLSearchParams(search);
  const keyId = params.get('keyId');
  const kind = params.get('kind');
  const id = params.get('id');
  const model = params.get('model');
  const form: ExplainForm = { ask: 'key', ...(model ? { model } : {}) };
  if (keyId) return { ...form, keyId };
  if ((kind === 'user' || kind === 'application') && id)
    return { ...form, ask: 'subject', subject: { kind, id } };
  return { ...form, subject: { kind: 'application' } };
};
