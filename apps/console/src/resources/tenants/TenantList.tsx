import {
  BulkDeleteButton,
  CreateButton,
  DataTable,
  DateField,
  EditButton,
  List,
  SearchInput,
  ShowButton,
  TextField,
} from 'react-admin';
import { Box, Typography } from '@mui/material';
import BusinessIcon from '@mui/icons-material/Business';
import { DELETE_TENANTS_CONFIRM, type Tenant } from './types';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';

const filters = [<SearchInput key="q" source="q" alwaysOn placeholder="Search by name or slug" />];

const TenantEmpty = () => (
  <Box sx={{ textAlign: 'center', mx: 'auto', my: 6, maxWidth: 560 }}>
    <BusinessIcon sx={{ fontSize: 72 }} color="disabled" aria-hidden />
    <Typography variant="h5" component="h2" gutterBottom>
      No tenants yet
    </Typography>
    <Typography color="text.secondary" sx={{ mb: 3 }}>
      A tenant is one organisation&apos;s isolated space: its users, groups, models, keys and usage. Create
      the first tenant, then connect its identity provider and grant it models.
    </Typography>
    <CreateButton variant="contained" label="Create the first tenant" />
  </Box>
);

const TenantBulkActions = () => (
  <BulkDeleteButton
    mutationMode="pessimistic"
    confirmTitle="Delete the selected tenants?"
    confirmContent={DELETE_TENANTS_CONFIRM}
  />
);

const Column = DataTable.Col<Tenant>;

export const TenantList = () => (
  <List
    title="Tenants"
    sort={{ field: 'name', order: 'ASC' }}
    perPage={25}
    filters={filters}
    exporter={false}
    empty={<TenantEmpty />}
  >
    <DataTable rowClick="show" bulkActionButtons={<TenantBulkActions />}>
      <Column source="name" />
      <Column source="slug">
        <TextField source="slug" sx={{ fontFamily: 'monospace' }} />
      </Column>
      <Column source="createdAt" sx={NO_WRAP}>
        <DateField source="createdAt" showTime />
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
