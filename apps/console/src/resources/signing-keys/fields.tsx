import { useRecordContext } from 'react-admin';
import { Chip, Typography } from '@mui/material';
import type { SigningKey, SigningKeyStatus } from './types';

const STATUS_COLORS: Record<SigningKeyStatus, 'success' | 'info' | 'default'> = {
  active: 'success',
  next: 'info',
  retired: 'default',
};

export const SigningKeyStatusField = (_props: { source?: 'status'; label?: string }) => {
  const record = useRecordContext<Pick<SigningKey, 'status'>>();
  if (!record) return null;
  return <Chip size="small" variant="outlined" color={STATUS_COLORS[record.status]} label={record.status} />;
};

/** Whether bundles still list the key for nodes to trust. */
export const AnnouncedField = (_props: { source?: 'announced'; label?: string }) => {
  const record = useRecordContext<Pick<SigningKey, 'announced'>>();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" color={record.announced ? 'text.primary' : 'text.secondary'}>
      {record.announced ? 'Yes' : 'No'}
    </Typography>
  );
};

/** The key id (an RFC 7638 thumbprint), shortened; the whole of it in the tooltip. */
export const KidField = (_props: { source?: 'kid'; label?: string }) => {
  const record = useRecordContext<Pick<SigningKey, 'kid'>>();
  if (!record) return null;
  return (
    <Typography
      component="span"
      variant="body2"
      title={record.kid}
      sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}
    >
      {`${record.kid.slice(0, 16)}…`}
    </Typography>
  );
};
