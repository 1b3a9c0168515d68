import { useRecordContext } from 'react-admin';
import { Chip } from '@mui/material';
import type { IdentityProvider } from './types';

/** Whether a client secret is stored, with its last characters to tell secrets apart. */
export const ClientSecretField = (_props: { label?: string }) => {
  const record = useRecordContext<Pick<IdentityProvider, 'clientSecretSet' | 'clientSecretLast4'>>();
  if (!record) return null;
  return record.clientSecretSet ? (
    <Chip
      size="small"
      variant="outlined"
      color="success"
      label={record.clientSecretLast4 ? `set · ends in ${record.clientSecretLast4}` : 'set'}
      sx={{ fontFamily: 'monospace' }}
    />
  ) : (
    <Chip size="small" variant="outlined" color="warning" label="not set" />
  );
};
