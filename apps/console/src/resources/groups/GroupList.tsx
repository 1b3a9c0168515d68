import {
  CreateButton,
  DataTable,
  DateField,
  EditButton,
  FunctionField,
  List,
  SearchInput,
  ShowButton,
  WithRecord,
} from 'react-admin';
import GroupsIcon from '@mui/icons-material/Groups';
import { EmptyState } from '../shared/EmptyState';
import { SourceField } from '../shared/directory-source';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import type { DirectoryGroup } from './types';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search by name" />,
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
];

const GroupEmpty = () => (
  <EmptyState
    icon={GroupsIcon}
    title="No groups yet"
    action={<CreateButton variant="contained" label="Create the first group" />}
  >
    Groups collect users of one tenant so that roles are granted once, to the group. Groups pushed by your IdP
    through SCIM appear here by themselves; create a local group for a team the IdP does not know.
  </EmptyState>
);

const Column = DataTable.Col<DirectoryGroup>;

export const GroupList = () => (
  <List
    title="Groups"
    sort={{ field: 'displayName', order: 'ASC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions />}
    exporter={false}
    empty={<GroupEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Create a group" />}>
          No groups match these filters.
        </NoMatches>
      }
    >
      <Column source="displayName" label="Name" />
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField />
      </Column>
      <Column label="Members" disableSort align="right">
        <FunctionField<DirectoryGroup> render={(group) => group.memberIds.length} />
      </Column>
      <Column source="source" disableSort>
        <SourceField />
      </Column>
      <Column source="createdAt" sx={NO_WRAP}>
        <DateField source="createdAt" showTime />
      </Column>
      <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
        <ShowButton />
        <WithRecord<DirectoryGroup> render={(group) => (group.editable ? <EditButton /> : null)} />
      </Column>
    </DataTable>
  </List>
);
