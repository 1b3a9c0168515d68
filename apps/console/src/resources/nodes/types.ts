// Mirrors the admin API's data-plane node (apps/control-plane dataplane/dto/node.dto.ts).
export type NodeStatus = 'live' | 'stale' | 'revoked';

export interface DataplaneNode {
  id: string;
  name: string;
  /** The data plane software version it enrolled with. */
  version: string;
  /** live: seen in the last 90 s; stale: not; revoked: its assertions are refused. */
  status: NodeStatus;
  live: boolean;
  /** The revision the node last acknowledged (0: none yet). */
  appliedRevision: number;
  /** The current revision minus the applied one (never below 0). */
  lagRevisions: number;
  appliedAt: string | null;
  lastSeenAt: string | null;
  remoteAddress: string | null;
  enrolledAt: string;
  revokedAt: string | null;
}

/** `GET /api/v1/nodes/rollout`: how far a revision (the current one) has reached the live nodes. */
export interface Rollout {
  revision: number;
  committedAt: string | null;
  liveNodes: number;
  appliedNodes: number;
  slowestMs: number | null;
  nodes: { id: string; name: string; appliedRevision: number; appliedAt: string | null }[];
}

export const isRollout = (value: unknown): value is Rollout =>
  typeof value === 'object' &&
  value !== null &&
  'revision' in value &&
  typeof value.revision === 'number' &&
  'liveNodes' in value &&
  typeof value.liveNodes === 'number' &&
  'appliedNodes' in value &&
  typeof value.appliedNodes === 'number';

export const NODE_STATUS_CHOICES = [
  { id: 'live', name: 'Live (polled in the last 90 s)' },
  { id: 'stale', name: 'Stale (not seen lately)' },
  { id: 'revoked', name: 'Revoked' },
];

export const REVOKE_NODE_CONFIRM =
  'The node is refused at once: its next request to the control plane fails, so it gets no further config or secrets. It keeps serving with the config it already has until it is stopped. A revoked node cannot be restored; enroll it again with a new enrollment token.';
