import {
  CreateButton,
  DataTable,
  DateField,
  EditButton,
  List,
  SearchInput,
  ShowButton,
  TextField,
} from 'react-admin';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { AudienceField } from './fields';
import type { TokenIssuer } from './types';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search by issuer" />,
  <TenantFilter key="tenantId" source="tenantId" alwaysOn />,
];

const TokenIssuerEmpty = () => (
  <EmptyState
    icon={VerifiedUserIcon}
    title="No token issuers yet"
    action={<CreateButton variant="contained" label="Trust a token issuer" />}
  >
    A token issuer is an IdP (an Okta authorization server, Entra ID, Keycloak…) whose access tokens callers
    may send to the gateway instead of an API key. Trust one with its issuer URL, audience and JWKS URL.
  </EmptyState>
);

const Column = DataTable.Col<TokenIssuer>;

export const TokenIssuerList = () => (
  <List
    title="Token issuers"
    sort={{ field: 'issuer', order: 'ASC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions createLabel="Trust a token issuer" />}
    exporter={false}
    empty={<TokenIssuerEmpty />}
  >
    <DataTable
      rowClick="show"
      bulkActionButtons={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Trust a token issuer" />}>
          No token issuers match these filters.
        </NoMatches>
      }
    >
      <Column source="issuer">
        <TextField source="issuer" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField />
      </Column>
      <Column source="audience" label="Audiences" disableSort>
        <AudienceField />
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
