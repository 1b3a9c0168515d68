import {
  DateField,
  FunctionField,
  Labeled,
  Link,
  PrevNextButtons,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCreatePath,
  useGetOne,
  useRecordContext,
} from 'react-admin';
import { Box, Typography } from '@mui/material';
import { TenantField } from '../shared/tenant-reference';
import { ActionField, ActorField } from './fields';
import { DATE_TIME_OPTIONS, TARGET_RESOURCES, type AuditEvent, type JsonValue } from './types';

const AuditShowTitle = () => {
  const record = useRecordContext<AuditEvent>();
  return <>{record ? `Audit event #${record.seq}: ${record.action}` : 'Audit event'}</>;
};

const AuditShowActions = () => (
  <TopToolbar>
    <PrevNextButtons linkType="show" sort={{ field: 'seq', order: 'DESC' }} />
  </TopToolbar>
);

/** Why a side of the change is empty, in words. */
const emptySide = (side: 'Before' | 'After', action: string): string => {
  if (side === 'Before' && action.endsWith('.create')) return 'Nothing: it did not exist yet.';
  if (side === 'After' && (action.endsWith('.delete') || action.endsWith('.revoke'))) {
    return action.endsWith('.revoke') ? 'Nothing recorded after the revocation.' : 'Nothing: it was deleted.';
  }
  return 'Not recorded for this event.';
};

const Json = ({
  title,
  value,
  action,
}: {
  title: 'Before' | 'After';
  value: JsonValue | null;
  action: string;
}) => (
  <Box component="section" sx={{ flex: '1 1 360px', minWidth: 0 }} aria-label={title}>
    <Typography variant="subtitle2" component="h3" gutterBottom>
      {title}
    </Typography>
    {value === null ? (
      <Typography variant="body2" color="text.secondary">
        {emptySide(title, action)}
      </Typography>
    ) : (
      <Box
        component="pre"
        // Scrollable: reachable with the keyboard.
        tabIndex={0}
        sx={{
          m: 0,
          p: 1.5,
          maxHeight: 480,
          overflow: 'auto',
          borderRadius: 1,
          border: 1,
          borderColor: 'divider',
          bgcolor: 'action.hover',
          fontFamily: 'monospace',
          fontSize: 13,
          lineHeight: 1.5,
        }}
      >
        {JSON.stringify(value, null, 2)}
      </Box>
    )}
  </Box>
);

const Changes = (_props: { label?: string }) => {
  const record = useRecordContext<AuditEvent>();
  if (!record) return null;
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, width: '100%' }}>
      <Json title="Before" value={record.before} action={record.action} />
      <Json title="After" value={record.after} action={record.action} />
    </Box>
  );
};

/** A link to the changed record, when it is a console resource that still exists. */
const TargetLink = ({ resource, id, type }: { resource: string; id: string; type: string }) => {
  const createPath = useCreatePath();
  // No retry and no notification: a deleted target is normal in an audit trail.
  const { data, isPending } = useGetOne<{ id: string }>(resource, { id }, { retry: false });
  if (isPending) return null;
  if (!data) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        {' · no longer exists'}
      </Typography>
    );
  }
  return (
    <>
      {' · '}
      <Link to={createPath({ resource, id, type: 'show' })}>Open the {type.replace('-', ' ')}</Link>
    </>
  );
};

const Target = (_props: { label?: string }) => {
  const record = useRecordContext<AuditEvent>();
  if (!record) return null;
  const { type, id } = record.target;
  const resource = TARGET_RESOURCES[type];
  return (
    <Typography component="span" variant="body2">
      <Box component="span" sx={{ fontFamily: 'monospace' }}>
        {type}
        {id ? ` ${id}` : ''}
      </Box>
      {resource && id && <TargetLink resource={resource} id={id} type={type} />}
    </Typography>
  );
};

const RequestId = (_props: { label?: string }) => {
  const record = useRecordContext<AuditEvent>();
  const createPath = useCreatePath();
  if (!record?.requestId) return <>—</>;
  const filter = encodeURIComponent(JSON.stringify({ requestId: record.requestId }));
  return (
    <Typography component="span" variant="body2">
      <Box component="span" sx={{ fontFamily: 'monospace' }}>
        {record.requestId}
      </Box>
      {' · '}
      <Link to={`${createPath({ resource: 'audit', type: 'list' })}?filter=${filter}`}>
        Every event of this request
      </Link>
    </Typography>
  );
};

const hashSx = { fontFamily: 'monospace', wordBreak: 'break-all' } as const;

export const AuditShow = () => (
  <Show title={<AuditShowTitle />} actions={<AuditShowActions />}>
    <SimpleShowLayout>
      <ActionField label="Action" />
      <FunctionField<AuditEvent>
        label="When"
        render={(event) => (
          <span title={event.occurredAt}>
            <DateField source="occurredAt" showTime options={DATE_TIME_OPTIONS} /> ({event.occurredAt})
          </span>
        )}
      />
      <ActorField label="Actor" />
      <TenantField label="Tenant" noTenant="Platform (no tenant)" />
      <Target label="Target" />
      <Labeled label="Change" fullWidth>
        <Changes />
      </Labeled>
      <RequestId label="Request id" />
      <TextField source="ip" label="IP address" emptyText="—" />
      <TextField source="userAgent" emptyText="—" />
      <TextField source="seq" label="Position in the chain (#)" />
      <TextField source="hash" sx={hashSx} />
      <TextField source="prevHash" label="Previous hash" emptyText="— (first event)" sx={hashSx} />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
    </SimpleShowLayout>
  </Show>
);
