import { useRecordContext } from 'react-admin';
import { Chip } from '@mui/material';
import type { Application } from './types';

/** Active or inactive as a chip: an inactive application's keys are all refused. */
export const ApplicationStatusField = (_props: { source?: 'active'; label?: string }) => {
  const record = useRecordContext<Pick<Application, 'active'>>();
  if (!record) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={record.active ? 'success' : 'default'}
      label={record.active ? 'active' : 'inactive'}
    />
  );
};
