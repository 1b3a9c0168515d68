import { setTimeout as delay } from 'node:timers/promises';
import { OpenAiErrorType } from '@portcullis/contracts';
import { GatewayError } from '../http/gateway-error.js';
import type {
  ResolvedDeployment,
  UpstreamFailure,
  UpstreamOutcome,
  UpstreamResponse,
} from '../providers/provider-types.js';
import type { RoutableDeployment } from './gateway-runtime.js';

export interface RouterOptions {
  /** Attempts per call, across deployments and retries of one. */
  maxAttempts: number;
  /** A `retry-after` up to this long is waited for before trying again; longer ones are passed on. */
  maxRetryAfterMs: number;
  /** Consecutive failures that open a deployment's circuit. */
  breakerThreshold: number;
  /** How long an open circuit keeps its deployment out of rotation before one trial call. */
  breakerCooldownMs: number;
  random: () => number;
  now: () => number;
}

export const DEFAULT_ROUTER_OPTIONS: RouterOptions = {
  maxAttempts: 3,
  maxRetryAfterMs: 2_000,
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
  random: Math.random,
  now: Date.now,
};

interface Circuit {
  failures: number;
  openUntil: number;
}

export interface RoutedResponse {
  response: UpstreamResponse;
  deployment: RoutableDeployment;
  attempts: number;
}

/** Failures another deployment (or a later try) may cure. */
function retryable(failure: UpstreamFailure): boolean {
  switch (failure.kind) {
    case 'upstream-error':
      return failure.status === 429 || failure.status === 408 || failure.status >= 500;
    case 'timeout':
    case 'connection-failed':
    case 'invalid-response':
      return true;
    default:
      return false;
  }
}

/**
 * Orders deployments for one call: by priority, and within a priority by weight (a weighted
 * random draw without replacement; weight 0 only after the others).
 */
export function orderDeployments(
  unsorted: readonly RoutableDeployment[],
  random: () => number,
): RoutableDeployment[] {
  const deployments = [...unsorted].sort((a, b) => a.priority - b.priority);
  const ordered: RoutableDeployment[] = [];
  let index = 0;
  while (index < deployments.length) {
    const priority = deployments[index]?.priority;
    const group: RoutableDeployment[] = [];
    while (index < deployments.length && deployments[index]?.priority === priority) {
      const next = deployments[index];
      if (next !== undefined) group.push(next);
      index += 1;
    }
    const weighted = group.filter((d) => d.weight > 0);
    while (weighted.length > 0) {
      const total = weighted.reduce((sum, d) => sum + d.weight, 0);
      let pick = random() * total;
      let chosen = weighted.length - 1;
      for (let i = 0; i < weighted.length; i += 1) {
        pick -= weighted[i]?.weight ?? 0;
        if (pick < 0) {
          chosen = i;
          break;
        }
      }
      ordered.push(...weighted.splice(chosen, 1));
    }
    ordered.push(...group.filter((d) => d.weight <= 0));
  }
  return ordered;
}

/**
 * Sends a call to a model's deployments: in priority and weight order, falling back on 429, 5xx,
 * timeouts and connection failures, waiting out a short `retry-after`, skipping deployments whose
 * circuit is open. It returns as soon as a response's first bytes arrived: nothing is retried
 * once the client may have seen a byte.
 */
export class Router {
  readonly #circuits = new Map<string, Circuit>();
  readonly #options: RouterOptions;

  constructor(options: Partial<RouterOptions> = {}) {
    this.#options = { ...DEFAULT_ROUTER_OPTIONS, ...options };
  }

  async route(
    deployments: readonly RoutableDeployment[],
    send: (deployment: ResolvedDeployment) => Promise<UpstreamOutcome>,
    signal: AbortSignal,
  ): Promise<RoutedResponse> {
    if (deployments.length === 0) {
      throw new GatewayError(
        503,
        OpenAiErrorType.ServiceUnavailable,
        'no_deployment',
        'This model has no deployment to route to',
      );
    }
    const { maxAttempts, maxRetryAfterMs, random } = this.#options;
    const order = this.#healthyFirst(orderDeployments(deployments, random));
    let last: UpstreamFailure | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      const exhausted = attempt > order.length;
      const deployment = order[(attempt - 1) % order.length];
      if (deployment === undefined) break;
      if (exhausted) {
        // Every deployment failed once: only a short retry-after is worth waiting for.
        const wait = last?.kind === 'upstream-error' ? last.retryAfterMs : undefined;
        if (wait === undefined || wait > maxRetryAfterMs) break;
        await delay(wait + Math.floor(random() * 50), undefined, { signal }).catch(() => undefined);
        if (signal.aborted) break;
      }
      const outcome = await send(deployment.resolve());
      if (outcome.kind === 'response') {
        this.#succeeded(deployment.key);
        return { response: outcome, deployment, attempts: attempt };
      }
      if (outcome.kind === 'aborted')
        throw new GatewayError(499, OpenAiErrorType.InvalidRequest, 'client_closed', 'The client went away');
      if (outcome.kind === 'unsupported') {
        throw new GatewayError(
          400,
          OpenAiErrorType.InvalidRequest,
          'unsupported_for_model',
          outcome.message,
          {},
          outcome.param,
        );
      }
      last = outcome;
      if (!retryable(outcome)) break;
      this.#failed(deployment.key);
    }
    throw toGatewayError(last);
  }

  /** Deployments with an open circuit go last (still tried when nothing else is left). */
  #healthyFirst(order: RoutableDeployment[]): RoutableDeployment[] {
    const now = this.#options.now();
    const open = (d: RoutableDeployment): boolean => (this.#circuits.get(d.key)?.openUntil ?? 0) > now;
    return [...order.filter((d) => !open(d)), ...order.filter(open)];
  }

  #failed(key: string): void {
    const circuit = this.#circuits.get(key) ?? { failures: 0, openUntil: 0 };
    circuit.failures += 1;
    if (circuit.failures >= this.#options.breakerThreshold) {
      circuit.openUntil = this.#options.now() + this.#options.breakerCooldownMs;
      circuit.failures = 0;
    }
    this.#circuits.set(key, circuit);
  }

  #succeeded(key: string): void {
    this.#circuits.delete(key);
  }

  /** Whether a deployment's circuit is open now (for metrics and tests). */
  isOpen(key: string): boolean {
    return (this.#circuits.get(key)?.openUntil ?? 0) > this.#options.now();
  }
}

function toGatewayError(failure: UpstreamFailure | undefined): GatewayError {
  if (failure === undefined) {
    return new GatewayError(502, OpenAiErrorType.Server, 'upstream_error', 'No deployment answered');
  }
  switch (failure.kind) {
    case 'upstream-error': {
      const headers: Record<string, string> =
        failure.retryAfterMs === undefined
          ? {}
          : { 'retry-after': String(Math.ceil(failure.retryAfterMs / 1000)) };
      if (failure.status === 429) {
        return new GatewayError(
          429,
          OpenAiErrorType.RateLimit,
          'upstream_rate_limited',
          'The model’s providers are rate limiting; retry later',
          headers,
        );
      }
      if (failure.status < 500 && failure.status !== 408) {
        return new GatewayError(
          failure.status,
          OpenAiErrorType.InvalidRequest,
          'upstream_rejected',
          upstreamMessage(failure.body),
        );
      }
      return new GatewayError(
        502,
        OpenAiErrorType.Server,
        'upstream_error',
        `The model’s provider failed (HTTP ${failure.status})`,
      );
    }
    case 'timeout':
      return new GatewayError(
        504,
        OpenAiErrorType.Server,
        'upstream_timeout',
        `The model’s provider timed out (${failure.phase})`,
      );
    case 'connection-failed':
      return new GatewayError(
        502,
        OpenAiErrorType.Server,
        'upstream_unreachable',
        `The model’s provider could not be reached (${failure.reason})`,
      );
    case 'invalid-response':
      return new GatewayError(
        502,
        OpenAiErrorType.Server,
        'upstream_invalid_response',
        'The model’s provider sent a response that could not be read',
      );
    default:
      return new GatewayError(502, OpenAiErrorType.Server, 'upstream_error', 'No deployment answered');
  }
}

/** The provider's own error message, for a request it refused (never its headers or our secrets). */
function upstreamMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message =
      typeof parsed.error === 'object'
        ? parsed.error.message
        : typeof parsed.error === 'string'
          ? parsed.error
          : parsed.message;
    if (typeof message === 'string') return message.slice(0, 1000);
  } catch {
    // not JSON
  }
  return 'The model’s provider refused the request';
}
