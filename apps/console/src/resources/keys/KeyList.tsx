import { CreateButton, DataTable, DateField, List, SearchInput, SelectInput, ShowButton } from 'react-admin';
import { Typography } from '@mui/material';
import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { ApplicationInput, UserInput } from '../shared/principal-inputs';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { KeyOwnerField, KeyPrefixField, KeyStatusField } from './fields';
import { RevokeKeyButton } from './RevokeKeyButton';
import { KEY_STATUS_CHOICES, type ApiKey } from './types';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search by name or prefix" />,
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
  <SelectInput key="status" source="status" choices={KEY_STATUS_CHOICES} sx={{ minWidth: 160 }} />,
  <ApplicationInput key="applicationId" source="applicationId" tenantId={null} helperText={false} />,
  <UserInput key="userId" source="userId" label="User (owner)" tenantId={null} helperText={false} />,
];

const KeyEmpty = () => (
  <EmptyState
    icon={VpnKeyIcon}
    title="No API keys yet"
    action={<CreateButton variant="contained" label="Create the first API key" />}
  >
    An API key (<code>pk-…</code>) is what a caller sends to the gateway. It acts as its owner, a person or an
    application, with the models granted to that owner; a key may narrow them further and may expire.
  </EmptyState>
);

const Column = DataTable.Col<ApiKey>;

export const KeyList = () => (
  <List
    title="API keys"
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions createLabel="Create an API key" />}
    exporter={false}
    empty={<KeyEmpty />}
  >
    <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 2 }}>
      Only a key&apos;s prefix is kept in view; the key itself was shown once, when it was created.
    </Typography>
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Create an API key" />}>
          No API keys match these filters.
        </NoMatches>
      }
    >
      <Column source="name" />
      <Column source="prefix" disableSort>
        <KeyPrefixField />
      </Column>
      <Column source="owner" label="Owner" disableSort>
        <KeyOwnerField />
      </Column>
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField />
      </Column>
      <Column source="status" label="Status" disableSort>
        <KeyStatusField />
      </Column>
      <Column source="lastUsedAt" sx={NO_WRAP}>
        <DateField source="lastUsedAt" showTime emptyText="Never" />
      </Column>
      <Column source="expiresAt" sx={NO_WRAP}>
        {/* The day is enough here (the key's page has the time): the row keeps one line. */}
        <DateField source="expiresAt" emptyText="Never" />
      </Column>
      <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
        <ShowButton />
        <RevokeKeyButton />
      </Column>
    </DataTable>
  </List>
);
