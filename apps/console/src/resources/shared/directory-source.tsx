import { useRecordContext } from 'react-admin';
import { Alert, Chip } from '@mui/material';

/** Where a directory user or group came from. */
export type DirectorySource = 'scim' | 'oidc-jit' | 'local';

export const SOURCE_LABELS: Record<DirectorySource, string> = {
  local: 'Local',
  scim: 'SCIM',
  'oidc-jit': 'First sign-in',
};

export const SOURCE_CHOICES = [
  { id: 'local', name: 'Local (created in the console)' },
  { id: 'scim', name: 'SCIM (pushed by the IdP)' },
  { id: 'oidc-jit', name: 'First sign-in (just in time)' },
];

const isSource = (value: unknown): value is DirectorySource =>
  value === 'local' || value === 'scim' || value === 'oidc-jit';

/** The record's `source` as a small chip; SCIM records stand out because they are read-only here. */
export const SourceField = (_props: { source?: 'source'; label?: string }) => {
  const record = useRecordContext<{ source?: unknown }>();
  if (!isSource(record?.source)) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={record.source === 'scim' ? 'info' : 'default'}
      label={SOURCE_LABELS[record.source]}
    />
  );
};

/** Shown on a record the IdP owns (`editable: false`): change it in the IdP, which pushes it here. */
export const ScimManagedNotice = ({ what }: { what: 'user' | 'group' }) => {
  const record = useRecordContext<{ editable?: unknown }>();
  if (record?.editable !== false) return null;
  return (
    <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
      This {what} is managed by your IdP through SCIM, so it is read-only here. Change it in the IdP, which
      pushes the change to Portcullis.
    </Alert>
  );
};
