import { useRecordContext } from 'react-admin';
import { Chip, Typography } from '@mui/material';
import { PROVIDER_TYPE_LABELS, credentialsSummary, isProviderType, type Provider } from './types';

/** The provider's type by its product name ("Azure OpenAI"). */
export const ProviderTypeField = (_props: { source?: 'type'; label?: string }) => {
  const record = useRecordContext<Pick<Provider, 'type'>>();
  if (!isProviderType(record?.type)) return null;
  return (
    <Typography component="span" variant="body2">
      {PROVIDER_TYPE_LABELS[record.type]}
    </Typography>
  );
};

/** Whether a credential is stored, and its last 4 characters: the credential itself never comes back. */
export const CredentialsField = (_props: { source?: 'credentialsSet'; label?: string }) => {
  const record = useRecordContext<Provider>();
  if (!record) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={record.credentialsSet ? 'success' : 'default'}
      label={credentialsSummary(record)}
      sx={{ fontFamily: record.credentialsLast4 === null ? undefined : 'monospace' }}
    />
  );
};

/** The type's own options (Azure's api-version, Bedrock's region), or a dash. */
export const ProviderOptionsField = (_props: { source?: 'options'; label?: string }) => {
  const record = useRecordContext<Provider>();
  if (!record) return null;
  const parts: string[] = [];
  if (record.options.apiVersion !== undefined) parts.push(`API version ${record.options.apiVersion}`);
  if (record.options.region !== undefined) parts.push(`Region ${record.options.region}`);
  return (
    <Typography component="span" variant="body2" color={parts.length === 0 ? 'text.secondary' : undefined}>
      {parts.length === 0 ? '—' : parts.join(' · ')}
    </Typography>
  );
};
