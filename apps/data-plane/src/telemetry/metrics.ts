import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Fixed route names used as the `route` label. Raw URLs never become labels, so a scanner hitting
 * random paths cannot blow up the number of series.
 */
export type RouteName =
  'healthz' | 'readyz' | 'metrics' | 'chat_completions' | 'embeddings' | 'models' | 'messages' | 'not_found';

export interface DataPlaneMetrics {
  readonly registry: Registry;
  /** Records one finished (or abandoned) request. */
  observeRequest(route: RouteName, status: number, durationSeconds: number): void;
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
  return {
    registry,
    observeRequest(route, status, durationSeconds) {
      const labels = { route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, durationSeconds);
    },
  };
}
