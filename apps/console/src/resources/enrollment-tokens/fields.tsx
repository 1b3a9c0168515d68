import { useRecordContext } from 'react-admin';
import { Chip, Typography } from '@mui/material';
import type { EnrollmentToken, EnrollmentTokenStatus } from './types';

const STATUS_COLORS: Record<EnrollmentTokenStatus, 'success' | 'info' | 'default' | 'error'> = {
  active: 'success',
  used: 'info',
  expired: 'default',
  revoked: 'error',
};

export const EnrollmentTokenStatusField = (_props: { source?: 'status'; label?: string }) => {
  const record = useRecordContext<Pick<EnrollmentToken, 'status'>>();
  if (!record) return null;
  return <Chip size="small" variant="outlined" color={STATUS_COLORS[record.status]} label={record.status} />;
};

/** The token's prefix with an ellipsis: the rest was shown once, when it was created. */
export const EnrollmentTokenPrefixField = (_props: { source?: 'prefix'; label?: string }) => {
  const record = useRecordContext<Pick<EnrollmentToken, 'prefix'>>();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
      {`${record.prefix}…`}
    </Typography>
  );
};
