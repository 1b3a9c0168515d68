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
  return {
    registry,
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
      lastSync.set(at.getTime() / 1000);
    },
  };
}
