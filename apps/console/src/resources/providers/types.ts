// Mirrors the admin API's provider (apps/control-plane catalog/dto/provider.dto.ts).
export const PROVIDER_TYPES = [
  'openai',
  'azure-openai',
  'anthropic',
  'gemini',
  'bedrock',
  'openai-compatible',
  'mock',
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export interface ProviderOptions {
  /** Azure OpenAI's api-version. */
  apiVersion?: string;
  /** The AWS region (Bedrock). */
  region?: string;
}

/** Write-only: sent when set or replaced, never returned. */
export interface ProviderCredentials {
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface Provider {
  id: string;
  /** null: a global provider (platform admins manage it; every tenant's models may route to it). */
  tenantId: string | null;
  name: string;
  type: ProviderType;
  baseUrl: string;
  credentialsSet: boolean;
  /** The key's last 4 characters, when it is long enough to show them. */
  credentialsLast4: string | null;
  options: ProviderOptions;
  timeoutMs: number;
  createdAt: string;
  updatedAt: string;
}

export const PROVIDER_TYPE_LABELS: Record<ProviderType, string> = {
  openai: 'OpenAI',
  'azure-openai': 'Azure OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  bedrock: 'Amazon Bedrock',
  'openai-compatible': 'OpenAI-compatible',
  mock: 'Mock',
};

export const PROVIDER_TYPE_CHOICES = PROVIDER_TYPES.map((type) => ({
  id: type,
  name: PROVIDER_TYPE_LABELS[type],
}));

export const isProviderType = (value: unknown): value is ProviderType =>
  typeof value === 'string' && (PROVIDER_TYPES as readonly string[]).includes(value);

/** Where each type usually lives: shown as an example under the base URL. */
export const BASE_URL_EXAMPLES: Record<ProviderType, string> = {
  openai: 'https://api.openai.com/v1',
  'azure-openai': 'https://<resource>.openai.azure.com',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
  bedrock: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
  'openai-compatible': 'https://vllm.example.internal/v1',
  mock: 'https://mock.example.internal/v1',
};

/** Bedrock signs with an AWS key pair; every other type sends an API key. */
export const usesAwsKeys = (type: ProviderType | undefined): boolean => type === 'bedrock';

export const NAME_MAX_LENGTH = 100;
export const BASE_URL_MAX_LENGTH = 512;
export const API_KEY_MAX_LENGTH = 4096;
export const ACCESS_KEY_ID_MAX_LENGTH = 256;
export const SECRET_ACCESS_KEY_MAX_LENGTH = 1024;
export const TIMEOUT_MIN_MS = 1000;
export const TIMEOUT_MAX_MS = 600_000;
export const DEFAULT_TIMEOUT_MS = 60_000;

export const GLOBAL_PROVIDER = 'Global (all tenants)';

export const TENANT_HELP =
  'Leave empty for a global provider, which every tenant’s models may use (platform admins only).';

export const BASE_URL_HELP =
  'https only (plain http only for hosts the operator allows). A tenant’s provider must resolve to public addresses.';

export const TIMEOUT_HELP = `How long a call to this provider may take, from ${TIMEOUT_MIN_MS} to ${TIMEOUT_MAX_MS} ms.`;

/** "Set · …abcd", "Set" or "Not set": all the console ever shows of a credential. */
export const credentialsSummary = (
  provider: Pick<Provider, 'credentialsSet' | 'credentialsLast4'>,
): string => {
  if (!provider.credentialsSet) return 'Not set';
  return provider.credentialsLast4 === null ? 'Set' : `Set · …${provider.credentialsLast4}`;
};

export const DELETE_PROVIDER_CONFIRM =
  'Its stored credentials are deleted with it. A provider that still serves a model deployment cannot be deleted: move those deployments first.';
