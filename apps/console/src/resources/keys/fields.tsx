import { ReferenceField, useRecordContext } from 'react-admin';
import { Box, Chip, Stack, Typography } from '@mui/material';
import AppsIcon from '@mui/icons-material/Apps';
import PersonIcon from '@mui/icons-material/Person';
import { useConsolePermissions } from '../../auth/use-console-permissions';
import type { ApiKey, KeyStatus } from './types';

const STATUS_COLORS: Record<KeyStatus, 'success' | 'default' | 'error'> = {
  active: 'success',
  expired: 'default',
  revoked: 'error',
};

export const KeyStatusField = (_props: { source?: 'status'; label?: string }) => {
  const record = useRecordContext<Pick<ApiKey, 'status'>>();
  if (!record) return null;
  return <Chip size="small" variant="outlined" color={STATUS_COLORS[record.status]} label={record.status} />;
};

/** The key's prefix with an ellipsis: the rest was shown once, when it was created. */
export const KeyPrefixField = (_props: { source?: 'prefix'; label?: string }) => {
  const record = useRecordContext<Pick<ApiKey, 'prefix'>>();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
      {`${record.prefix}…`}
    </Typography>
  );
};

const Missing = ({ what }: { what: string }) => (
  <Typography component="span" variant="body2" color="text.secondary">
    {`Deleted ${what}`}
  </Typography>
);

/** Whom the key acts as: a linked user or application. */
export const KeyOwnerField = (_props: { source?: 'owner'; label?: string }) => {
  const record = useRecordContext<ApiKey>();
  const { can } = useConsolePermissions();
  if (!record) return null;
  const user = record.owner.kind === 'user';
  const Icon = user ? PersonIcon : AppsIcon;
  const reference = user ? 'users' : 'apps';
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1, whiteSpace: 'nowrap' }}>
      <Icon fontSize="small" color="action" titleAccess={user ? 'User' : 'Application'} />
      {can(reference, 'show') ? (
        <ReferenceField
          source="owner.id"
          reference={reference}
          link="show"
          empty={<Missing what={user ? 'user' : 'application'} />}
        />
      ) : (
        // A developer sees only their own keys, and may not read the directory.
        <Typography component="span" variant="body2">
          {user ? 'You' : 'An application'}
        </Typography>
      )}
    </Box>
  );
};

/** The models the key is limited to, or a sentence saying it has its owner's full access. */
export const KeyScopeField = (_props: { source?: 'scopeModels'; label?: string }) => {
  const record = useRecordContext<Pick<ApiKey, 'scopeModels'>>();
  if (!record) return null;
  if (record.scopeModels === null) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        Every model its owner may use
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {record.scopeModels.map((alias) => (
        <Chip key={alias} size="small" variant="outlined" label={alias} sx={{ fontFamily: 'monospace' }} />
      ))}
    </Stack>
  );
};

/** The key's labels as `name: value` chips, or a dash. */
export const KeyMetadataField = (_props: { source?: 'metadata'; label?: string }) => {
  const record = useRecordContext<Pick<ApiKey, 'metadata'>>();
  const entries = Object.entries(record?.metadata ?? {});
  if (entries.length === 0) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        —
      </Typography>
    );
  }
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {entries.map(([name, value]) => (
        <Chip key={name} size="small" variant="outlined" label={`${name}: ${value}`} />
      ))}
    </Stack>
  );
};
