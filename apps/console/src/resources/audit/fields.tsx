import { useRecordContext } from 'react-admin';
import { Box, Typography } from '@mui/material';
import type { AuditEvent } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid shortened to its first 8 characters (the whole id is in the title and on the show page). */
const short = (id: string): string => (UUID.test(id) ? `${id.slice(0, 8)}…` : id);

/** The action, e.g. `tenant.create`, in monospace. */
export const ActionField = (_props: { label?: string; source?: 'action' }) => {
  const record = useRecordContext<AuditEvent>();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
      {record.action}
    </Typography>
  );
};

/** Who did it: the display name when known, with the actor type and id underneath. */
export const ActorField = (_props: { label?: string }) => {
  const record = useRecordContext<AuditEvent>();
  if (!record) return null;
  const { type, id, display } = record.actor;
  return (
    <Box component="span" sx={{ display: 'inline-block' }}>
      <Typography component="span" variant="body2" sx={{ display: 'block' }}>
        {display ?? id}
      </Typography>
      <Typography
        component="span"
        variant="caption"
        color="text.secondary"
        sx={{ display: 'block', fontFamily: 'monospace', whiteSpace: 'nowrap' }}
        title={id}
      >
        {display ? `${type} · ${short(id)}` : type}
      </Typography>
    </Box>
  );
};

/** What it was done to: the target type and id (a uuid shortened; hover for all of it). */
export const TargetField = (_props: { label?: string }) => {
  const record = useRecordContext<AuditEvent>();
  if (!record) return null;
  const { type, id } = record.target;
  return (
    <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace' }} title={id ?? undefined}>
      {type}
      {id ? ` ${short(id)}` : ''}
    </Typography>
  );
};
