import type { ControlPlaneProcess } from './config-sync-stack.js';

/** A stored usage event, as far as the gateway e2e tests read it. */
export interface UsageEvent {
  requestId: string;
  model: string;
  stream: boolean;
  status: number;
  tokens: { input: number; output: number; estimated: boolean } | null;
  deployment: { upstreamModel: string } | null;
}

/**
 * The stored usage event of a call. Between two reads of the usage API it waits for the control
 * plane's next "usage batch stored" log line, never for a timer; the number of reads is bounded.
 */
export async function usageEventOf(
  cp: ControlPlaneProcess,
  tenantId: string,
  requestId: string,
  attempts = 50,
): Promise<UsageEvent> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const mark = cp.lines.length;
    const filter = encodeURIComponent(JSON.stringify({ tenantId }));
    const events = await cp.admin<UsageEvent[]>('GET', `/api/v1/usage?filter=${filter}&range=[0,99]`);
    const found = events.find((event) => event.requestId === requestId);
    if (found !== undefined) return found;
    await cp.waitForLog((line) => line.msg === 'usage batch stored', mark);
  }
  throw new Error(`no usage event for ${requestId} after ${attempts} reads`);
}
