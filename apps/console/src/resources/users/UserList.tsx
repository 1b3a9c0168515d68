import {
  BooleanField,
  CreateButton,
  DataTable,
  DateField,
  EditButton,
  List,
  NullableBooleanInput,
  SearchInput,
  SelectInput,
  ShowButton,
  WithRecord,
} from 'react-admin';
import PersonIcon from '@mui/icons-material/Person';
import { EmptyState } from '../shared/EmptyState';
import { SOURCE_CHOICES, SourceField } from '../shared/directory-source';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import type { DirectoryUser } from './types';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search by name or e-mail" />,
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
  <SelectInput key="source" source="source" label="Source" choices={SOURCE_CHOICES} />,
  <NullableBooleanInput
    key="active"
    source="active"
    label="Status"
    trueLabel="Active"
    falseLabel="Inactive"
    nullLabel="Any"
  />,
];

const UserEmpty = () => (
  <EmptyState
    icon={PersonIcon}
    title="No users yet"
    action={<CreateButton variant="contained" label="Create a local user" />}
  >
    People normally arrive from the tenant&apos;s identity provider: pushed by SCIM, or created at their first
    sign-in when the tenant allows it. Create a local user here for someone the IdP does not manage, then add
    them to a group or give them a role.
  </EmptyState>
);

const Column = DataTable.Col<DirectoryUser>;

export const UserList = () => (
  <List
    title="Users"
    sort={{ field: 'userName', order: 'ASC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions />}
    exporter={false}
    empty={<UserEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Create a user" />}>
          No users match these filters.
        </NoMatches>
      }
    >
      <Column source="userName" />
      <Column source="displayName" />
      <Column source="email" disableSort />
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField />
      </Column>
      <Column source="source" disableSort>
        <SourceField />
      </Column>
      <Column source="active">
        <BooleanField source="active" />
      </Column>
      <Column source="createdAt" sx={NO_WRAP}>
        <DateField source="createdAt" showTime />
      </Column>
      <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
        <ShowButton />
        <WithRecord<DirectoryUser> render={(user) => (user.editable ? <EditButton /> : null)} />
      </Column>
    </DataTable>
  </List>
);
