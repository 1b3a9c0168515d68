import type { UsageEvent } from '@portcullis/contracts';
import { defineJob } from '../../platform/queue/job-queue.js';

/** PUBLIC: a batch of usage events a node sent, as accepted and waiting to be stored. */
export interface StoreUsageBatchData {
  /** The node whose assertion carried the batch. */
  nodeId: string;
  /** When the control plane accepted the batch (ISO 8601). */
  receivedAt: string;
  /** The `x-request-id` of the node's POST, so the job's log lines can be matched to it. */
  requestId: string;
  events: UsageEvent[];
}

/** PUBLIC: stores a batch, each event once by its id, and notes the keys it used (decision 0013). */
export const StoreUsageBatch = defineJob<StoreUsageBatchData>('usage.store-batch');
