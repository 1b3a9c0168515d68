import { OpenAiErrorType } from '@portcullis/contracts';
import type { Decision } from '@portcullis/policy';
import { GatewayError } from '../http/gateway-error.js';

/** Reasons that say the caller itself may not call anything (401), before any model question. */
const UNAUTHENTICATED = new Set(['PRINCIPAL_INACTIVE', 'KEY_REVOKED', 'KEY_EXPIRED']);

/**
 * Turns a policy decision into the gateway's answer: 401 for a deactivated caller or a revoked or
 * expired key, 404 for a model this tenant does not have (another tenant's included), 403 with
 * the reason code for the rest. The message is the policy's own sentence.
 */
export function assertAllowed(decision: Decision, alias: string): void {
  if (decision.allowed) return;
  const denials = decision.reasons.filter((reason) => !reason.ok);
  const first = denials.find((reason) => UNAUTHENTICATED.has(reason.code)) ?? denials[0];
  if (first === undefined) return;
  if (UNAUTHENTICATED.has(first.code)) {
    throw new GatewayError(401, OpenAiErrorType.Authentication, first.code.toLowerCase(), first.message);
  }
  if (first.code === 'MODEL_UNKNOWN') {
    throw new GatewayError(
      404,
      OpenAiErrorType.InvalidRequest,
      'model_not_found',
      `The model "${alias}" does not exist or you do not have access to it`,
      {},
      'model',
    );
  }
  throw new GatewayError(
    403,
    OpenAiErrorType.Permission,
    first.code.toLowerCase(),
    first.message,
    {},
    'model',
  );
}
