import { decryptSecret, encryptSecret } from '@portcullis/signing';

// Bound to the tenant: an envelope copied onto another tenant's row does not decrypt there.
const aadFor = (tenantId: string): string => `tenant-identity-provider:${tenantId}`;

/** The stored form of a tenant's OIDC client secret (AES-256-GCM under the master key). */
export function sealClientSecret(secret: string, tenantId: string, masterKey: Uint8Array): string {
  return encryptSecret(secret, masterKey, aadFor(tenantId));
}

export function openClientSecret(envelope: string, tenantId: string, masterKey: Uint8Array): string {
  return decryptSecret(envelope, masterKey, aadFor(tenantId));
}
