import { z } from 'zod';

/**
 * The error envelope of the data-plane API. It is OpenAI's, so that every OpenAI SDK surfaces our
 * errors the way it surfaces OpenAI's own (`code` and `param` are always present, possibly null).
 */
export const openAiErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().min(1),
    code: z.string().min(1).nullable(),
    param: z.string().nullable(),
  }),
});
export type OpenAiErrorBody = z.infer<typeof openAiErrorBodySchema>;

/** Error types the data plane puts in `error.type`. */
export const OpenAiErrorType = {
  InvalidRequest: 'invalid_request_error',
  Authentication: 'authentication_error',
  Permission: 'permission_error',
  NotFound: 'not_found_error',
  RateLimit: 'rate_limit_error',
  Server: 'server_error',
  ServiceUnavailable: 'service_unavailable',
} as const;
export type OpenAiErrorType = (typeof OpenAiErrorType)[keyof typeof OpenAiErrorType];

/** Codes the data plane puts in `error.code`. */
export const GatewayErrorCode = {
  NotReady: 'not_ready',
  NotImplemented: 'not_implemented',
  NotFound: 'not_found',
  MethodNotAllowed: 'method_not_allowed',
  RequestTooLarge: 'request_too_large',
  HeadersTooLarge: 'headers_too_large',
  RequestTimeout: 'request_timeout',
  BadRequest: 'bad_request',
  InternalError: 'internal_error',
} as const;
export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/**
 * Builds an OpenAI-style error body.
 *
 * @example
 * openAiError('service_unavailable', 'not_ready', 'The gateway has no configuration yet');
 * // { error: { type: 'service_unavailable', code: 'not_ready', message: '…', param: null } }
 */
export function openAiError(
  type: string,
  code: string | null,
  message: string,
  param: string | null = null,
): OpenAiErrorBody {
  return { error: { message, type, code, param } };
}

/** Codes every admin API may answer with; modules add their own UPPER_SNAKE codes. */
export const AdminErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  NotFound: 'NOT_FOUND',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  Internal: 'INTERNAL',
} as const;
export type AdminErrorCode = (typeof AdminErrorCode)[keyof typeof AdminErrorCode];

/** The error envelope of the control plane's admin API (`/api/v1/...`). */
export const adminErrorBodySchema = z.object({
  error: z.object({
    code: z.string().regex(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/, 'must be an UPPER_SNAKE_CASE code'),
    message: z.string().min(1),
    requestId: z.string().min(1),
    fields: z
      .array(
        z.object({
          field: z.string().min(1),
          message: z.string().min(1),
        }),
      )
      .optional(),
  }),
});
export type AdminErrorBody = z.infer<typeof adminErrorBodySchema>;
export type AdminFieldError = NonNullable<AdminErrorBody['error']['fields']>[number];
