import { CreateButton, DataTable, DateField, DeleteButton, List, TextField, WithRecord } from 'react-admin';
import { Chip, Typography } from '@mui/material';
import SyncLockIcon from '@mui/icons-material/SyncLock';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { CreateInTenantButton, TenantListActions } from '../shared/list-actions';
import { TenantField, TenantFilter } from '../shared/tenant-reference';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { REVOKE_CONFIRM, type ScimToken } from './types';

const filters = [<TenantFilter key="tenantId" source="tenantId" alwaysOn />];

const ScimTokenEmpty = () => (
  <EmptyState
    icon={SyncLockIcon}
    title="No SCIM tokens yet"
    action={<CreateButton variant="contained" label="Create a SCIM token" />}
  >
    A SCIM token lets a tenant&apos;s identity provider (Okta, Entra ID, …) push its users and groups to
    Portcullis, and take access away the moment someone leaves. Create one, paste it into the IdP&apos;s
    provisioning settings; it is shown once and can be revoked at any time.
  </EmptyState>
);

const StatusField = (_props: { label?: string }) => (
  <WithRecord<ScimToken>
    render={(token) =>
      token.revokedAt === null ? (
        <Chip size="small" variant="outlined" color="success" label="active" />
      ) : (
        <Chip size="small" variant="outlined" color="error" label="revoked" />
      )
    }
  />
);

const Column = DataTable.Col<ScimToken>;

export const ScimTokenList = () => (
  <List
    title="SCIM tokens"
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    filters={filters}
    actions={<TenantListActions createLabel="Create a SCIM token" />}
    exporter={false}
    empty={<ScimTokenEmpty />}
  >
    <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 2 }}>
      Only a token&apos;s prefix is kept in view; the token itself was shown once, when it was created.
    </Typography>
    <DataTable
      bulkActionButtons={false}
      rowClick={false}
      empty={
        <NoMatches action={<CreateInTenantButton label="Create a SCIM token" />}>
          No SCIM tokens match these filters.
        </NoMatches>
      }
    >
      <Column source="name" />
      <Column source="tenantId" label="Tenant" disableSort>
        <TenantField />
      </Column>
      <Column source="prefix" disableSort>
        <TextField source="prefix" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column label="Status" disableSort>
        <StatusField />
      </Column>
      <Column source="lastUsedAt" disableSort sx={NO_WRAP}>
        <DateField source="lastUsedAt" showTime emptyText="Never" />
      </Column>
      <Column source="createdAt" sx={NO_WRAP}>
        <DateField source="createdAt" showTime />
      </Column>
      <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
        <WithRecord<ScimToken>
          render={(token) =>
            token.revokedAt === null ? (
              <DeleteButton
                label="Revoke"
                mutationMode="pessimistic"
                redirect={false}
                confirmTitle={`Revoke the SCIM token "${token.name}"?`}
                confirmContent={REVOKE_CONFIRM}
              />
            ) : null
          }
        />
      </Column>
    </DataTable>
  </List>
);
