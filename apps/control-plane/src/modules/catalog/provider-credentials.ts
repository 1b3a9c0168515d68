import { decryptSecret, encryptSecret } from '@portcullis/signing';

/** A provider's secret material; only ever stored sealed, never returned or audited. */
export interface ProviderCredentials {
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

// Bound to the row: an envelope copied onto another provider does not decrypt there.
const aadFor = (providerId: string): string => `provider-credentials:${providerId}`;

export function sealCredentials(
  credentials: ProviderCredentials,
  providerId: string,
  masterKey: Uint8Array,
): string {
  return encryptSecret(JSON.stringify(credentials), masterKey, aadFor(providerId));
}

export function openCredentials(
  envelope: string,
  providerId: string,
  masterKey: Uint8Array,
): ProviderCredentials {
  return JSON.parse(decryptSecret(envelope, masterKey, aadFor(providerId))) as ProviderCredentials;
}

/** Shorter secrets show no suffix: four characters of a short secret are too much of it. */
const MIN_LENGTH_TO_SHOW_SUFFIX = 12;

/** The last 4 characters of the main secret (API key, else AWS secret key), when long enough. */
export function credentialsLast4(credentials: ProviderCredentials): string | null {
  const secret = credentials.apiKey ?? credentials.secretAccessKey;
  return secret !== undefined && secret.length >= MIN_LENGTH_TO_SHOW_SUFFIX ? secret.slice(-4) : null;
}
