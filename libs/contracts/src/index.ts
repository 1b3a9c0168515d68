export {
  AdminErrorCode,
  GatewayErrorCode,
  OpenAiErrorType,
  adminErrorBodySchema,
  openAiError,
  openAiErrorBodySchema,
} from './error-bodies.js';
export type { AdminErrorBody, AdminFieldError, OpenAiErrorBody } from './error-bodies.js';
export {
  CONFIG_SCHEMA_V1,
  configBundleSchema,
  configSectionSchemas,
  parseConfigBundle,
} from './config-bundle.js';
export type { ConfigBundle, ConfigBundleInput, ParseConfigBundleResult } from './config-bundle.js';
export { applyConfigDelta, configDeltaSchema, parseConfigDelta } from './config-delta.js';
export type { ConfigDelta, ConfigDeltaInput, ParseConfigDeltaResult } from './config-delta.js';
export type { ConfigFailure, ConfigIssue } from './config-issues.js';
export {
  bundleApplicationSchema,
  bundleGrantSchema,
  bundleGroupSchema,
  bundleKeySchema,
  bundleModelSchema,
  bundleProviderSchema,
  bundleSigningKeySchema,
  bundleTenantSchema,
  bundleTrustedIssuerSchema,
  bundleUserSchema,
  claimRequirementSchema,
  ed25519PublicJwkSchema,
  grantSubjectSchema,
  isoDateTimeSchema,
  jwtAlgorithmSchema,
  keyOwnerSchema,
  modelAliasSchema,
  modelDeploymentSchema,
  providerTypeSchema,
  sealedValueSchema,
  signingKeyIdSchema,
  tenantSettingsSchema,
} from './config-records.js';
export type {
  BundleApplication,
  BundleGrant,
  BundleGroup,
  BundleKey,
  BundleModel,
  BundleProvider,
  BundleSigningKey,
  BundleTenant,
  BundleTrustedIssuer,
  BundleUser,
  ClaimRequirementRecord,
  Ed25519PublicJwk,
  JwtAlgorithm,
  KeyOwner,
  ModelDeploymentRecord,
  ProviderTypeRecord,
  SealedValueRecord,
  TenantSettings,
} from './config-records.js';
export { CONFIG_SECTIONS } from './config-references.js';
export type { ConfigSectionName, ConfigSections } from './config-references.js';
export { healthCheckSchema, healthResponseSchema, healthStatusSchema } from './health.js';
export type { HealthCheck, HealthResponse, HealthStatus } from './health.js';
export { formatIssuePath } from './issue-path.js';
export { MAX_USAGE_BATCH, parseUsageBatch, usageBatchSchema, usageEventSchema } from './usage-events.js';
export type { ParseUsageBatchResult, UsageBatch, UsageEvent } from './usage-events.js';
export {
  REDACTION_ACTIONS,
  REDACTION_ENTITY_TYPES,
  REDACTION_POLICY_LIMITS,
  redactionActionSchema,
  redactionAllowEntrySchema,
  redactionKeywordRuleSchema,
  redactionPatternRuleSchema,
  redactionPolicySchema,
  redactionRuleSchema,
} from './redaction-policy.js';
export type {
  RedactionAction,
  RedactionAllowEntry,
  RedactionEntityType,
  RedactionPolicy,
  RedactionPolicyInput,
  RedactionRule,
} from './redaction-policy.js';
