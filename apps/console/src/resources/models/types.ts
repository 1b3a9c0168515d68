// Mirrors the admin API's model (apps/control-plane catalog/dto/model.dto.ts).
export const MODEL_CAPABILITIES = ['chat', 'embeddings', 'vision', 'tools'] as const;
export type ModelCapability = (typeof MODEL_CAPABILITIES)[number];

/** One route to an upstream model: a provider and the name it knows the model by. */
export interface ModelDeployment {
  providerId: string;
  upstreamModel: string;
  /** Share of traffic among deployments of the same priority. */
  weight: number;
  /** Lower first; higher priorities are fallbacks. */
  priority: number;
}

export interface Model {
  id: string;
  /** null: in the global catalog, which every tenant sees (a tenant's own model may shadow its alias). */
  tenantId: string | null;
  alias: string;
  description: string;
  capabilities: ModelCapability[];
  contextWindow: number | null;
  /** Prices per million tokens, in `currency`. */
  inputPrice: number | null;
  outputPrice: number | null;
  cachedInputPrice: number | null;
  currency: string;
  deployments: ModelDeployment[];
  createdAt: string;
  updatedAt: string;
}

export const CAPABILITY_LABELS: Record<ModelCapability, string> = {
  chat: 'Chat',
  embeddings: 'Embeddings',
  vision: 'Vision',
  tools: 'Tools',
};

export const CAPABILITY_CHOICES = MODEL_CAPABILITIES.map((capability) => ({
  id: capability,
  name: CAPABILITY_LABELS[capability],
}));

export const isCapability = (value: unknown): value is ModelCapability =>
  typeof value === 'string' && (MODEL_CAPABILITIES as readonly string[]).includes(value);

export const ALIAS_MAX_LENGTH = 100;
export const DESCRIPTION_MAX_LENGTH = 1000;
export const CONTEXT_WINDOW_MAX = 100_000_000;
export const PRICE_MAX = 1_000_000;
export const UPSTREAM_MODEL_MAX_LENGTH = 200;
export const WEIGHT_MAX = 1_000_000;
export const PRIORITY_MAX = 1000;
export const DEPLOYMENTS_MAX = 32;
export const DEFAULT_CURRENCY = 'USD';

export const GLOBAL_CATALOG = 'Global catalog (all tenants)';

export const ALIAS_HELP =
  'What callers send as "model", e.g. gpt-4o: letters, digits and . _ : / -, unique in its catalog.';

export const TENANT_HELP =
  'Leave empty for the global catalog (platform admins only). A tenant’s model may reuse a global alias to replace it for that tenant.';

export const DEPLOYMENTS_HELP =
  'Calls go to the lowest priority first, shared by weight; higher priorities are fallbacks. A global model routes only to global providers.';

export const DELETE_MODEL_CONFIRM =
  'Callers asking for this alias are refused from the next configuration on (or get the global model it shadowed). Its usage history stays.';
