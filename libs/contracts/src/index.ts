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
  bundleTenantSchema,
  configBundleSchema,
  parseConfigBundle,
  tenantSettingsSchema,
} from './config-bundle.js';
export type {
  BundleTenant,
  ConfigBundle,
  ConfigIssue,
  ParseConfigBundleResult,
  TenantSettings,
} from './config-bundle.js';
export { healthCheckSchema, healthResponseSchema, healthStatusSchema } from './health.js';
export type { HealthCheck, HealthResponse, HealthStatus } from './health.js';
export { formatIssuePath } from './issue-path.js';
