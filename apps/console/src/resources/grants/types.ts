// Mirrors the admin API's grant (apps/control-plane access/dto/grant.dto.ts).
export type GrantSubjectKind = 'user' | 'group' | 'application' | 'tenant';

export interface Grant {
  id: string;
  tenantId: string;
  /** A model alias the tenant can see, or `*` for all of them. */
  model: string;
  /** For kind tenant, `id` is the tenant's id: everyone in it. */
  subject: { kind: GrantSubjectKind; id: string };
  createdAt: string;
}

export const ANY_MODEL = '*';
export const ANY_MODEL_LABEL = 'All models (*)';

export const SUBJECT_KIND_LABELS: Record<GrantSubjectKind, string> = {
  application: 'Application',
  group: 'Group',
  user: 'User',
  tenant: 'Everyone in the tenant',
};

export const SUBJECT_KINDS: readonly GrantSubjectKind[] = ['application', 'group', 'user', 'tenant'];

export const SUBJECT_KIND_CHOICES = SUBJECT_KINDS.map((kind) => ({
  id: kind,
  name: SUBJECT_KIND_LABELS[kind],
}));

export const REMOVE_GRANT_CONFIRM =
  'Whoever it names loses this model from the next configuration on, unless another grant still gives it to them. Their API keys lose it too.';
