import { z } from 'zod';

export const healthStatusSchema = z.enum(['ok', 'error']);
export type HealthStatus = z.infer<typeof healthStatusSchema>;

export const healthCheckSchema = z.object({
  status: healthStatusSchema,
  message: z.string().optional(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

/** Body of `/healthz` and `/readyz` on every Portcullis process. */
export const healthResponseSchema = z.object({
  status: healthStatusSchema,
  checks: z.record(z.string().min(1), healthCheckSchema).optional(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
