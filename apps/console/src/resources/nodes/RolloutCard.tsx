import { useEffect, useState } from 'react';
import { useListContext } from 'react-admin';
import { Alert, AlertTitle, Typography } from '@mui/material';
import { API_URL, apiFetch } from '../../providers/http';
import { isRollout, type Rollout } from './types';

type RolloutState =
  { state: 'loading' } | { state: 'done'; rollout: Rollout } | { state: 'failed'; message: string };

const summary = ({ revision, appliedNodes, liveNodes, slowestMs }: Rollout): string => {
  const slowest = slowestMs === null ? '' : `, slowest ${String(slowestMs)} ms`;
  return `Revision ${String(revision)} applied by ${String(appliedNodes)}/${String(liveNodes)} live nodes${slowest}`;
};

/**
 * `GET /api/v1/nodes/rollout`: how far the current revision has reached the live nodes. Read again
 * whenever the list is (a refresh, a revocation).
 */
export const RolloutCard = () => {
  const { data } = useListContext();
  const [rollout, setRollout] = useState<RolloutState>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    apiFetch(`${API_URL}/nodes/rollout`, { signal: controller.signal }).then(
      ({ json }) => {
        setRollout(
          isRollout(json)
            ? { state: 'done', rollout: json }
            : { state: 'failed', message: 'The control plane returned an unexpected answer.' },
        );
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setRollout({
          state: 'failed',
          message: error instanceof Error ? error.message : 'The rollout could not be read.',
        });
      },
    );
    return () => {
      controller.abort();
    };
  }, [data]);

  if (rollout.state === 'loading') return null;
  if (rollout.state === 'failed') {
    return (
      <Alert severity="warning" sx={{ mx: 2, mt: 2 }}>
        {rollout.message}
      </Alert>
    );
  }
  const complete =
    rollout.rollout.liveNodes > 0 && rollout.rollout.appliedNodes === rollout.rollout.liveNodes;
  return (
    <Alert severity={complete ? 'success' : 'info'} sx={{ mx: 2, mt: 2 }} role="status" data-testid="rollout">
      <AlertTitle>{summary(rollout.rollout)}</AlertTitle>
      <Typography variant="body2">
        {rollout.rollout.liveNodes === 0
          ? 'No node has polled in the last 90 seconds: none is live, so the current config has reached none yet.'
          : 'Live nodes are those that polled in the last 90 seconds; a stale or revoked node is not counted.'}
      </Typography>
    </Alert>
  );
};
