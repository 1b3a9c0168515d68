import { DataTable, DateField, List, SearchInput, SelectInput, ShowButton, TextField } from 'react-admin';
import { Typography } from '@mui/material';
import DnsIcon from '@mui/icons-material/Dns';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { AppliedRevisionField, NodeLagField, NodeStatusField } from './fields';
import { RevokeNodeButton } from './RevokeNodeButton';
import { RolloutCard } from './RolloutCard';
import { NODE_STATUS_CHOICES, type DataplaneNode } from './types';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search by name" />,
  <SelectInput key="status" source="status" choices={NODE_STATUS_CHOICES} alwaysOn sx={{ minWidth: 200 }} />,
];

const NodeEmpty = () => (
  <EmptyState icon={DnsIcon} title="No data-plane nodes yet">
    A data-plane node is a gateway process that serves your callers with the config this control plane signs.
    To add one, create an enrollment token (Enrollment tokens, in the menu) and start the node with it; it
    appears here once it has enrolled.
  </EmptyState>
);

const Column = DataTable.Col<DataplaneNode>;

// No create or edit: nodes enroll themselves with an enrollment token, and are only revoked here.
export const NodeList = () => (
  <List
    title="Data-plane nodes"
    sort={{ field: 'name', order: 'ASC' }}
    perPage={25}
    filters={filters}
    exporter={false}
    empty={<NodeEmpty />}
  >
    <RolloutCard />
    <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 2 }}>
      A node is live when it polled for config in the last 90 seconds. A revoked node is refused from its next
      request.
    </Typography>
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={<NoMatches>No data-plane nodes match these filters.</NoMatches>}
    >
      <Column source="name" />
      <Column source="status" label="Status" disableSort>
        <NodeStatusField />
      </Column>
      <Column source="version" disableSort>
        <TextField source="version" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column source="appliedRevision">
        <AppliedRevisionField />
      </Column>
      <Column source="lagRevisions" disableSort sx={NO_WRAP}>
        <NodeLagField />
      </Column>
      <Column source="lastSeenAt" sx={NO_WRAP}>
        <DateField source="lastSeenAt" showTime emptyText="Never" />
      </Column>
      <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
        <ShowButton />
        <RevokeNodeButton />
      </Column>
    </DataTable>
  </List>
);
