import { useRecordContext } from 'react-admin';
import { Chip, Typography } from '@mui/material';
import type { DataplaneNode, NodeStatus } from './types';

const STATUS_COLORS: Record<NodeStatus, 'success' | 'default' | 'error'> = {
  live: 'success',
  stale: 'default',
  revoked: 'error',
};

export const NodeStatusField = (_props: { source?: 'status'; label?: string }) => {
  const record = useRecordContext<Pick<DataplaneNode, 'status'>>();
  if (!record) return null;
  return <Chip size="small" variant="outlined" color={STATUS_COLORS[record.status]} label={record.status} />;
};

/** How many revisions the node is behind: "up to date" at 0. */
export const NodeLagField = (_props: { source?: 'lagRevisions'; label?: string }) => {
  const record = useRecordContext<Pick<DataplaneNode, 'lagRevisions'>>();
  if (!record) return null;
  if (record.lagRevisions === 0) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        Up to date
      </Typography>
    );
  }
  return (
    <Typography component="span" variant="body2" color="warning.main" sx={{ whiteSpace: 'nowrap' }}>
      {record.lagRevisions === 1 ? '1 revision behind' : `${String(record.lagRevisions)} revisions behind`}
    </Typography>
  );
};

/** The applied revision, or "none yet" before the node's first bundle. */
export const AppliedRevisionField = (_props: { source?: 'appliedRevision'; label?: string }) => {
  const record = useRecordContext<Pick<DataplaneNode, 'appliedRevision'>>();
  if (!record) return null;
  if (record.appliedRevision === 0) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        None yet
      </Typography>
    );
  }
  return (
    <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace' }}>
      {record.appliedRevision}
    </Typography>
  );
};
