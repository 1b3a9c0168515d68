import type { UsageEvent } from '@portcullis/contracts';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Fixed route names used as the `route` label. Raw URLs never become labels, so a scanner hitting
 * random paths cannot blow up the number of series.
 */
export type RouteName =
  'healthz' | 'readyz' | 'metrics' | 'chat_completions' | 'embeddings' | 'models' | 'messages' | 'not_found';

/** Why a signed config document was refused; a fixed set, so the label cannot grow. */
export const CONFIG_REJECT_REASONS = ['signature', 'schema', 'order', 'expired'] as const;
export type ConfigRejectReason = (typeof CONFIG_REJECT_REASONS)[number];

export type ConfigDocumentKind = 'snapshot' | 'delta';

export interface DataPlaneMetrics {
  readonly registry: Registry;
  /** Records one finished (or abandoned) request. */
  observeRequest(route: RouteName, status: number, durationSeconds: number): void;
  /** A configuration (from the control plane or from disk) is now in force. */
  configApplied(kind: ConfigDocumentKind, revision: number, durationSeconds: number): void;
  configRejected(reason: ConfigRejectReason): void;
  /** The control plane answered a config poll (200 or 304). */
  configSynced(at: Date): void;
  /** Usage events by what became of them (decision 0013). */
  usageEvents(result: 'sent' | 'spooled' | 'dropped', count: number): void;
  /** Usage events waiting on disk for the control plane. */
  usageSpooled(events: number): void;
  /** One model call of a known caller has ended: tokens, cost, time split, error reason. */
  observeCall(event: UsageEvent): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): DataPlaneMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry });
  }
  const requests = new Counter({
    name: 'portcullis_dp_http_requests_total',
    help: 'HTTP requests answered by the data plane, by route name and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'portcullis_dp_http_request_duration_seconds',
    help: 'Time from request start to the last byte of the response, by route name and status code.',
    labelNames: ['route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'portcullis_config_rejected_total',
    help: 'Signed config documents refused (the current config stays in force), by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  for (const reason of CONFIG_REJECT_REASONS) {
    rejected.inc({ reason }, 0);
  }
  const revision = new Gauge({
    name: 'portcullis_config_revision',
    help: 'Revision of the configuration in force; 0 before the first one.',
    registers: [registry],
  });
  const lastSync = new Gauge({
    name: 'portcullis_config_last_sync_timestamp_seconds',
    help: 'Unix time of the last successful contact with the control plane (a config poll answered).',
    registers: [registry],
  });
  const applyDuration = new Histogram({
    name: 'portcullis_config_apply_duration_seconds',
    help: 'Time to verify, validate, index and swap in a config document, by kind.',
    labelNames: ['kind'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const usage = new Counter({
    name: 'portcullis_usage_events_total',
    help: 'Usage events by what became of them: sent to the control plane, spooled to disk, dropped.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const result of ['sent', 'spooled', 'dropped'] as const) usage.inc({ result }, 0);
  const spooled = new Gauge({
    name: 'portcullis_usage_spool_events',
    help: 'Usage events waiting on disk until the control plane can be reached.',
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'portcullis_gateway_tokens_total',
    help: 'Tokens of model calls, by direction (input, output, cached_input) and whether they were estimated.',
    labelNames: ['direction', 'estimated'] as const,
    registers: [registry],
  });
  const cost = new Counter({
    name: 'portcullis_gateway_cost_total',
    help: 'Cost of model calls from the models’ prices, by currency.',
    labelNames: ['currency'] as const,
    registers: [registry],
  });
  const calls = new Counter({
    name: 'portcullis_gateway_calls_total',
    help: 'Model calls of known callers, by route and error code ("none" when the call succeeded).',
    labelNames: ['route', 'error'] as const,
    registers: [registry],
  });
  const timeBuckets = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
  ];
  const upstreamTime = new Histogram({
    name: 'portcullis_gateway_upstream_duration_seconds',
    help: 'Time spent on providers per call (every attempt, to the last byte), by route.',
    labelNames: ['route'] as const,
    buckets: timeBuckets,
    registers: [registry],
  });
  const ownTime = new Histogram({
    name: 'portcullis_gateway_own_duration_seconds',
    help: 'Time the gateway itself added per call (total minus upstream), by route.',
    labelNames: ['route'] as const,
    buckets: timeBuckets,
    registers: [registry],
  });
  let lastSyncSeconds: number | undefined;
  new Gauge({
    name: 'portcullis_config_age_seconds',
    help: 'Seconds since the last successful contact with the control plane (absent before the first).',
    registers: [registry],
    collect() {
      if (lastSyncSeconds !== undefined) this.set(Date.now() / 1000 - lastSyncSeconds);
    },
  });
  return {
    registry,
    observeCall(event) {
      const route = event.route;
      calls.inc({ route, error: event.errorCode ?? 'none' });
      if (event.tokens !== null) {
        const estimated = String(event.tokens.estimated);
        tokens.inc({ direction: 'input', estimated }, event.tokens.input);
        tokens.inc({ direction: 'output', estimated }, event.tokens.output);
        tokens.inc({ direction: 'cached_input', estimated }, event.tokens.cachedInput);
      }
      if (event.cost !== null) cost.inc({ currency: event.cost.currency }, event.cost.amount);
      const upstream = event.latencyMs.upstream;
      if (upstream !== null) upstreamTime.observe({ route }, upstream / 1000);
      ownTime.observe({ route }, Math.max(0, event.latencyMs.total - (upstream ?? 0)) / 1000);
    },
    usageEvents(result, count) {
      usage.inc({ result }, count);
    },
    usageSpooled(events) {
      spooled.set(events);
    },
    observeRequest(route, status, durationSeconds) {
      const labels = { route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, durationSeconds);
    },
    configApplied(kind, appliedRevision, durationSeconds) {
      revision.set(appliedRevision);
      applyDuration.observe({ kind }, durationSeconds);
    },
    configRejected(reason) {
      rejected.inc({ reason });
    },
    configSynced(at) {
      lastSyncSeconds = at.getTime() / 1000;
      lastSync.set(lastSyncSeconds);
    },
  };
}
