import { CreateButton, DataTable, DateField, EditButton, List, ShowButton, TextField } from 'react-admin';
import CloudIcon from '@mui/icons-material/Cloud';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { CredentialsField, ProviderTypeField } from './fields';
import type { Provider } from './types';

// The admin API filters providers by tenant only: no search or type filter until it offers one.
const filters = [<TenantFilter key="tenantId" source="tenantId" alwaysOn />];

const ProviderEmpty = () => (
  <EmptyState
    icon={CloudIcon}
    title="No providers yet"
    action={<CreateButton variant="contained" label="Add the first provider" />}
  >
    A provider is an upstream LLM API (OpenAI, Azure OpenAI, Anthropic, Gemini, Bedrock or any
    OpenAI-compatible server) and the credential Portcullis calls it with. Add one, then publish models that
    route to it.
  </EmptyState>
);

const Column = DataTable.Col<Provider>;

const BASE_URL_CELL = {
  maxWidth: 280,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

export const ProviderList = () => (
  <List
    title="Providers"
    sort={{ field: 'name', order: 'ASC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions createLabel="Add a provider" />}
    exporter={false}
    empty={<ProviderEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Add a provider" />}>
          No providers match these filters.
        </NoMatches>
      }
    >
      <Column source="name" />
      <Column source="type">
        <ProviderTypeField />
      </Column>
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField noTenant="Global" />
      </Column>
      <Column source="baseUrl" disableSort sx={BASE_URL_CELL}>
        <TextField source="baseUrl" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column source="credentialsSet" label="Credentials" disableSort>
        <CredentialsField />
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
