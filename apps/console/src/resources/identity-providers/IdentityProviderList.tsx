import { CreateButton, DataTable, DateField, EditButton, List, ShowButton, TextField } from 'react-admin';
import LoginIcon from '@mui/icons-material/Login';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { ClientSecretField } from './fields';
import type { IdentityProvider } from './types';

const filters = [<TenantFilter key="tenantId" source="tenantId" alwaysOn />];

const IdentityProviderEmpty = () => (
  <EmptyState
    icon={LoginIcon}
    title="No sign-in IdPs yet"
    action={<CreateButton variant="contained" label="Add a sign-in IdP" />}
  >
    A tenant&apos;s people sign in to this console through their company IdP (Okta or any OpenID Connect
    provider). Add the IdP&apos;s issuer and the client you registered there; each tenant trusts one.
  </EmptyState>
);

const Column = DataTable.Col<IdentityProvider>;

export const IdentityProviderList = () => (
  <List
    title="Sign-in IdPs"
    sort={{ field: 'createdAt', order: 'ASC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions createLabel="Add a sign-in IdP" />}
    exporter={false}
    empty={<IdentityProviderEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Add a sign-in IdP" />}>
          No sign-in IdPs match these filters.
        </NoMatches>
      }
    >
      <Column source="tenantId" label="Tenant" disableSort sx={NO_WRAP}>
        <TenantField />
      </Column>
      <Column source="issuer">
        <TextField source="issuer" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column source="clientId" label="Client id" disableSort>
        <TextField source="clientId" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column label="Client secret" disableSort>
        <ClientSecretField />
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
