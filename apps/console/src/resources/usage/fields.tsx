import { ReferenceField, useRecordContext } from 'react-admin';
import { Box, Chip, Tooltip, Typography } from '@mui/material';
import { useConsolePermissions } from '../../auth/use-console-permissions';
import { KeyPrefixField } from '../keys/fields';
import { formatCost, formatCount, type UsageEvent } from './types';

/** The status the client got, with the gateway's error code when it refused or failed. */
export const UsageStatusField = (_props: { label?: string }) => {
  const record = useRecordContext<UsageEvent>();
  if (!record) return null;
  const ok = record.status < 400;
  return (
    <Box component="span" sx={{ display: 'inline-flex', gap: 1, alignItems: 'center', whiteSpace: 'nowrap' }}>
      <Chip size="small" variant="outlined" color={ok ? 'success' : 'error'} label={record.status} />
      {record.errorCode && (
        <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace' }}>
          {record.errorCode}
        </Typography>
      )}
    </Box>
  );
};

/** Whom the call was made as, and with which key (an IdP token has none). */
export const UsageCallerField = (_props: { label?: string }) => {
  const record = useRecordContext<UsageEvent>();
  const { can } = useConsolePermissions();
  if (!record) return null;
  const reference = record.principal.kind === 'user' ? 'users' : 'apps';
  const jit = record.principal.id.startsWith('jit:');
  const noun = record.principal.kind === 'user' ? 'user' : 'application';
  return (
    <Box component="span" sx={{ display: 'inline-flex', flexDirection: 'column' }}>
      {can(reference, 'show') && !jit ? (
        <ReferenceField
          record={{ id: record.id, principalId: record.principal.id }}
          source="principalId"
          reference={reference}
          link="show"
          empty={
            <Typography
              component="span"
              variant="body2"
              color="text.secondary"
            >{`Deleted ${noun}`}</Typography>
          }
        />
      ) : (
        <Typography component="span" variant="body2">
          {jit ? record.principal.id : `${noun} ${record.principal.id.slice(0, 8)}…`}
        </Typography>
      )}
      {record.keyId ? (
        <ReferenceField source="keyId" reference="keys" link="show">
          <KeyPrefixField />
        </ReferenceField>
      ) : (
        <Typography component="span" variant="body2" color="text.secondary">
          IdP token
        </Typography>
      )}
    </Box>
  );
};

/** Input / output tokens; "≈" when the node estimated them. */
export const UsageTokensField = (_props: { label?: string }) => {
  const record = useRecordContext<UsageEvent>();
  if (!record) return null;
  if (record.tokens === null)
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        —
      </Typography>
    );
  const text = `${formatCount(record.tokens.input)} / ${formatCount(record.tokens.output)}`;
  return record.tokens.estimated ? (
    <Tooltip title="Estimated by the node: the provider reported no counts">
      <span>≈ {text}</span>
    </Tooltip>
  ) : (
    <span>{text}</span>
  );
};

export const UsageCostField = (_props: { label?: string }) => {
  const record = useRecordContext<UsageEvent>();
  if (!record) return null;
  return <span>{formatCost(record.cost ? [record.cost] : [])}</span>;
};

export const UsageLatencyField = (_props: { label?: string }) => {
  const record = useRecordContext<UsageEvent>();
  if (!record) return null;
  return <span>{`${formatCount(Math.round(record.latencyMs.total))} ms`}</span>;
};
