import {
  CreateButton,
  DataTable,
  DateField,
  DeleteButton,
  List,
  SelectInput,
  ShowButton,
  TextInput,
} from 'react-admin';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { GrantModelField, GrantSubjectField, GrantSubjectKindField } from './fields';
import { REMOVE_GRANT_CONFIRM, SUBJECT_KIND_CHOICES, type Grant } from './types';

// The admin API matches the model exactly (`*` finds the all-models grants).
const filters = [
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
  <SelectInput
    key="subjectKind"
    source="subjectKind"
    label="Granted to"
    choices={SUBJECT_KIND_CHOICES}
    alwaysOn
    sx={{ minWidth: 200 }}
  />,
  <TextInput
    key="model"
    source="model"
    label="Model (exact)"
    placeholder="e.g. gpt-4o, or *"
    resettable
    sx={{ '& input': { fontFamily: 'monospace' } }}
  />,
];

const GrantEmpty = () => (
  <EmptyState
    icon={LockOpenIcon}
    title="No grants yet"
    action={<CreateButton variant="contained" label="Grant the first model" />}
  >
    Nobody may call a model until a grant says so. Grant a model alias (or all of them) to an application, a
    group, a user or everyone in a tenant; API keys then act with their owner&apos;s grants.
  </EmptyState>
);

const Column = DataTable.Col<Grant>;

export const GrantList = () => (
  <List
    title="Grants"
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions createLabel="Grant a model" />}
    exporter={false}
    empty={<GrantEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Grant a model" />}>
          No grants match these filters.
        </NoMatches>
      }
    >
      <Column source="model">
        <GrantModelField />
      </Column>
      <Column source="subjectKind" label="Granted to">
        <GrantSubjectKindField />
      </Column>
      <Column source="subject" label="Subject" disableSort>
        <GrantSubjectField />
      </Column>
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField />
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
          confirmTitle="Remove this grant?"
          confirmContent={REMOVE_GRANT_CONFIRM}
        />
      </Column>
    </DataTable>
  </List>
);
