import {
  CreateButton,
  DataTable,
  DateField,
  EditButton,
  FunctionField,
  List,
  ShowButton,
  TextField,
  TextInput,
} from 'react-admin';
import HubIcon from '@mui/icons-material/Hub';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { CapabilitiesField, ContextWindowField } from './fields';
import type { Model } from './types';

// The admin API matches the alias exactly (to see which catalog answers a name): no partial search.
const filters = [
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
  <TextInput
    key="alias"
    source="alias"
    label="Alias (exact)"
    placeholder="e.g. gpt-4o"
    resettable
    sx={{ '& input': { fontFamily: 'monospace' } }}
  />,
];

const ModelEmpty = () => (
  <EmptyState
    icon={HubIcon}
    title="No models yet"
    action={<CreateButton variant="contained" label="Add the first model" />}
  >
    A model is the name callers ask for, such as gpt-4o, and the deployments that serve it on your providers.
    Add a provider first, then a model that routes to it.
  </EmptyState>
);

const Column = DataTable.Col<Model>;

export const ModelList = () => (
  <List
    title="Models"
    sort={{ field: 'alias', order: 'ASC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions createLabel="Add a model" />}
    exporter={false}
    empty={<ModelEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Add a model" />}>
          No models match these filters.
        </NoMatches>
      }
    >
      <Column source="alias">
        <TextField source="alias" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField noTenant="Global" />
      </Column>
      <Column source="capabilities" disableSort>
        <CapabilitiesField />
      </Column>
      <Column source="contextWindow" label="Context" disableSort align="right" sx={NO_WRAP}>
        <ContextWindowField />
      </Column>
      <Column source="deployments" disableSort align="right">
        <FunctionField<Model> render={(model) => model.deployments.length} />
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
