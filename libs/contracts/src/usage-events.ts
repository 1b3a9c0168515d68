import { z } from 'zod';
import { isoDateTimeSchema, modelAliasSchema } from './config-records.js';
import { formatIssuePath } from './issue-path.js';

/**
 * One usage event per model call a data-plane node answered for an authenticated caller (refusals
 * included: "who sent what to which model, and was it allowed?"). Nodes send them in batches to
 * `POST /dataplane/v1/usage`; the control plane stores each once, by `id` (docs/decisions/0013).
 * No prompt or completion text, ever.
 */
export const usageEventSchema = z.strictObject({
  /** Chosen by the node; the idempotency key: a replayed event is stored once. */
  id: z.uuid(),
  /** The `x-request-id` the client saw. */
  requestId: z.string().min(1).max(200),
  /** When the call started. */
  occurredAt: isoDateTimeSchema,
  tenantId: z.uuid(),
  /** `jit:<sub>` for a token caller not (yet) in the directory (decision 0012). */
  principal: z.strictObject({
    kind: z.enum(['user', 'application']),
    id: z.string().min(1).max(300),
  }),
  /** The API key the call was made with; null for an IdP token. */
  keyId: z.uuid().nullable(),
  route: z.enum(['chat.completions', 'embeddings', 'messages']),
  /** The alias the caller asked for. */
  model: modelAliasSchema,
  stream: z.boolean(),
  /** The deployment that answered (the last one tried); null when none was tried. */
  deployment: z
    .strictObject({
      providerId: z.uuid(),
      upstreamModel: z.string().min(1).max(300),
    })
    .nullable(),
  /** The HTTP status the client got (for a stream: the status its headers carried). */
  status: z.int().min(100).max(599),
  /** The gateway's error code when the call failed (`no_grant`, `upstream_timeout`, …). */
  errorCode: z.string().min(1).max(100).nullable(),
  /** Null when nothing was counted (refused before any upstream call). */
  tokens: z
    .strictObject({
      input: z.int().min(0),
      output: z.int().min(0),
      cachedInput: z.int().min(0),
      /** True when the provider reported nothing and the node estimated. */
      estimated: z.boolean(),
    })
    .nullable(),
  /** From the model's prices; null when the model has none or nothing was counted. */
  cost: z
    .strictObject({
      amount: z.number().min(0),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
    })
    .nullable(),
  latencyMs: z.strictObject({
    /** From the request's arrival to the last byte sent. */
    total: z.number().min(0),
    /** Spent waiting for providers (all attempts); null when none was called. */
    upstream: z.number().min(0).nullable(),
  }),
  /** Attempts made (1 when the first deployment answered; 0 when none was tried). */
  attempts: z.int().min(0).max(100),
  cacheHit: z.boolean(),
  /** Redacted entities by type (`EMAIL` → 2); empty until redaction lands. */
  redactions: z.record(z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/), z.int().min(0)),
});
export type UsageEvent = z.infer<typeof usageEventSchema>;

/** Most events a node sends in one request. */
export const MAX_USAGE_BATCH = 1_000;

export const usageBatchSchema = z.strictObject({
  events: z.array(usageEventSchema).min(1).max(MAX_USAGE_BATCH),
});
export type UsageBatch = z.infer<typeof usageBatchSchema>;

export type ParseUsageBatchResult =
  { ok: true; batch: UsageBatch } | { ok: false; issues: { path: string; message: string }[] };

/** Validates a batch as the control plane receives it; issues name the field (`events[3].tokens.input`). */
export function parseUsageBatch(input: unknown): ParseUsageBatchResult {
  const result = usageBatchSchema.safeParse(input);
  if (result.success) return { ok: true, batch: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      path: formatIssuePath(issue.path),
      message: issue.message,
    })),
  };
}
