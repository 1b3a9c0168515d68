export { SignatureError, EnvelopeError } from './errors.js';
export type { SignatureErrorCode, EnvelopeErrorCode } from './errors.js';
export { generateSigningKey, computeKeyId } from './keys.js';
export type { PublicJwk, PrivateJwk, SigningKey } from './keys.js';
export { signJson, signJsonText, verifyJson } from './jws.js';
export type { TrustedKeys, SignOptions, VerifyOptions, VerifiedJson } from './jws.js';
export { encryptSecret, decryptSecret, parseMasterKey } from './envelope.js';
export { generateEncryptionKey, sealForRecipient, openSealed, sealValue, openValue } from './node-secrets.js';
export type { EncryptionPublicJwk, EncryptionPrivateJwk, SealedValue } from './node-secrets.js';
