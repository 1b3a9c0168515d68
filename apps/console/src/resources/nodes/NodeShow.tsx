import { DateField, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { AppliedRevisionField, NodeLagField, NodeStatusField } from './fields';
import { RevokeNodeButton } from './RevokeNodeButton';
import type { DataplaneNode } from './types';

const NodeShowTitle = () => {
  const record = useRecordContext<DataplaneNode>();
  return <>{record ? `Node ${record.name}` : 'Node'}</>;
};

const NodeShowActions = () => (
  <TopToolbar>
    <RevokeNodeButton redirect="list" />
  </TopToolbar>
);

export const NodeShow = () => (
  <Show title={<NodeShowTitle />} actions={<NodeShowActions />}>
    <SimpleShowLayout>
      <TextField source="name" />
      <NodeStatusField label="Status" />
      <TextField source="version" sx={{ fontFamily: 'monospace' }} />
      <AppliedRevisionField label="Applied revision" />
      <NodeLagField label="Lag" />
      <DateField source="appliedAt" showTime emptyText="Never" />
      <DateField source="lastSeenAt" showTime emptyText="Never" />
      <TextField source="remoteAddress" emptyText="Unknown" sx={{ fontFamily: 'monospace' }} />
      <DateField source="enrolledAt" showTime />
      <DateField source="revokedAt" showTime emptyText="Not revoked" />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
    </SimpleShowLayout>
  </Show>
);
