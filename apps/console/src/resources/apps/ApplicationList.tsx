import {
  CreateButton,
  DataTable,
  DateField,
  EditButton,
  List,
  NullableBooleanInput,
  SearchInput,
  ShowButton,
  TextField,
} from 'react-admin';
import AppsIcon from '@mui/icons-material/Apps';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { ApplicationStatusField } from './fields';
import type { Application } from './types';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search by name" />,
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
  <NullableBooleanInput
    key="active"
    source="active"
    label="Status"
    trueLabel="Active"
    falseLabel="Inactive"
    nullLabel="Any"
  />,
];

const ApplicationEmpty = () => (
  <EmptyState
    icon={AppsIcon}
    title="No applications yet"
    action={<CreateButton variant="contained" label="Create the first application" />}
  >
    An application is a service that calls models on a tenant&apos;s behalf, without a person behind it: a
    support bot, a nightly summariser. Create one, grant it the models it needs, then give it an API key.
  </EmptyState>
);

const Column = DataTable.Col<Application>;

export const ApplicationList = () => (
  <List
    title="Applications"
    sort={{ field: 'name', order: 'ASC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions createLabel="Create an application" />}
    exporter={false}
    empty={<ApplicationEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Create an application" />}>
          No applications match these filters.
        </NoMatches>
      }
    >
      <Column source="name" />
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField />
      </Column>
      <Column source="clientId" label="OAuth client id" disableSort>
        <TextField source="clientId" emptyText="—" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column source="active" label="Status" disableSort>
        <ApplicationStatusField />
      </Column>
      <Column source="updatedAt" sx={NO_WRAP}>
        <DateField source="updatedAt" showTime />
      </Column>
      <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
        <ShowButton />
        <EditButton />
      </Column>
    </DataTable>
  </List>
);
