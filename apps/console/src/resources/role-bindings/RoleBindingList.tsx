import {
  BulkDeleteButton,
  CreateButton,
  DataTable,
  DateField,
  DeleteButton,
  List,
  SelectInput,
  ShowButton,
} from 'react-admin';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { RoleField, SubjectField, SubjectTypeField } from './fields';
import {
  GLOBAL_SCOPE,
  REMOVE_BINDING_CONFIRM,
  ROLE_CHOICES,
  SUBJECT_TYPE_CHOICES,
  type RoleBinding,
} from './types';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';

const filters = [
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
  <SelectInput key="role" source="role" choices={ROLE_CHOICES} alwaysOn />,
  <SelectInput key="subjectType" source="subjectType" label="Subject type" choices={SUBJECT_TYPE_CHOICES} />,
];

const RoleBindingEmpty = () => (
  <EmptyState
    icon={AdminPanelSettingsIcon}
    title="No role bindings yet"
    action={<CreateButton variant="contained" label="Grant the first role" />}
  >
    A role binding gives a role (tenant owner, developer, auditor) in a tenant to a user, a group, or a group
    your IdP names in its sign-in token. Bind roles to groups, so that joining or leaving a team in the IdP is
    all it takes.
  </EmptyState>
);

const RoleBindingBulkActions = () => (
  <BulkDeleteButton
    mutationMode="pessimistic"
    label="Remove"
    confirmTitle="Remove the selected role bindings?"
    confirmContent={REMOVE_BINDING_CONFIRM}
  />
);

const Column = DataTable.Col<RoleBinding>;

export const RoleBindingList = () => (
  <List
    title="Role bindings"
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions createLabel="Grant a role" />}
    exporter={false}
    empty={<RoleBindingEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={<RoleBindingBulkActions />}
      empty={
        <NoMatches action={<CreateInTenantButton label="Grant a role" />}>
          No role bindings match these filters.
        </NoMatches>
      }
    >
      <Column source="role">
        <RoleField />
      </Column>
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField noTenant={GLOBAL_SCOPE} />
      </Column>
      <Column source="subjectType">
        <SubjectTypeField />
      </Column>
      <Column label="Subject" disableSort>
        <SubjectField />
      </Column>
      <Column source="createdAt" sx={NO_WRAP}>
        <DateField source="createdAt" showTime />
      </Column>
      <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
        <ShowButton />
        <DeleteButton
          label="Remove"
          mutationMode="pessimistic"
          redirect={false}
          confirmTitle="Remove this role binding?"
          confirmContent={REMOVE_BINDING_CONFIRM}
        />
      </Column>
    </DataTable>
  </List>
);
