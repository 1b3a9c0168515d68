import {
  CreateButton,
  DataTable,
  DateField,
  DeleteButton,
  EditButton,
  Labeled,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { Box, Typography } from '@mui/material';
import { useConsolePermissions } from '../../auth/use-console-permissions';
import { ExplainAccessButton } from '../../pages/access-explainer/links';
import { GrantModelField } from '../grants/fields';
import { REMOVE_GRANT_CONFIRM, type Grant } from '../grants/types';
import { KeyPrefixField, KeyStatusField } from '../keys/fields';
import { RevokeKeyButton } from '../keys/RevokeKeyButton';
import type { ApiKey } from '../keys/types';
import { TenantField } from '../shared/tenant-reference';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { ApplicationStatusField } from './fields';
import { DELETE_APPLICATION_CONFIRM, type Application } from './types';

const ApplicationShowTitle = () => {
  const record = useRecordContext<Application>();
  return <>{record ? `Application ${record.name}` : 'Application'}</>;
};

const ApplicationShowActions = () => {
  const record = useRecordContext<Application>();
  return (
    <TopToolbar>
      {record && <ExplainAccessButton target={{ kind: 'application', id: record.id }} />}
      <EditButton />
      <DeleteButton
        mutationMode="pessimistic"
        confirmTitle="Delete this application?"
        confirmContent={DELETE_APPLICATION_CONFIRM}
      />
    </TopToolbar>
  );
};

const GrantColumn = DataTable.Col<Grant>;

/** The models granted to the application directly, with a shortcut to grant another. */
const ApplicationGrants = (_props: { label?: string }) => {
  const record = useRecordContext<Application>();
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }}>
      <ReferenceManyField
        reference="grants"
        target="subjectId"
        filter={{ subjectKind: 'application' }}
        sort={{ field: 'createdAt', order: 'DESC' }}
        perPage={100}
      >
        <DataTable
          bulkActionButtons={false}
          rowClick="show"
          sx={{ mb: 1 }}
          empty={
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              No model is granted to this application directly. It may still use models granted to everyone in
              its tenant.
            </Typography>
          }
        >
          <GrantColumn source="model">
            <GrantModelField />
          </GrantColumn>
          <GrantColumn source="createdAt" label="Granted" sx={NO_WRAP}>
            <DateField source="createdAt" showTime />
          </GrantColumn>
          <GrantColumn label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
            <DeleteButton
              label="Remove"
              mutationMode="pessimistic"
              redirect={false}
              confirmTitle="Remove this grant?"
              confirmContent={REMOVE_GRANT_CONFIRM}
            />
          </GrantColumn>
        </DataTable>
      </ReferenceManyField>
      <CreateButton
        resource="grants"
        label="Grant a model"
        variant="outlined"
        state={{ record: { tenantId: record.tenantId, subject: { kind: 'application', id: record.id } } }}
      />
    </Box>
  );
};

const KeyColumn = DataTable.Col<ApiKey>;

/** The application's API keys, with a shortcut to create another. */
const ApplicationKeys = (_props: { label?: string }) => {
  const record = useRecordContext<Application>();
  // Auditors may create keys, but only their own: not one acting as the application.
  const forApplications = useConsolePermissions().can('keys', 'create-for-application');
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }}>
      <ReferenceManyField
        reference="keys"
        target="applicationId"
        sort={{ field: 'createdAt', order: 'DESC' }}
        perPage={100}
      >
        <DataTable
          bulkActionButtons={false}
          rowClick="show"
          sx={{ mb: 1 }}
          empty={
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              No API keys yet.
            </Typography>
          }
        >
          <KeyColumn source="name" />
          <KeyColumn source="prefix" disableSort>
            <KeyPrefixField />
          </KeyColumn>
          <KeyColumn source="status" disableSort>
            <KeyStatusField />
          </KeyColumn>
          <KeyColumn source="lastUsedAt" sx={NO_WRAP}>
            <DateField source="lastUsedAt" showTime emptyText="Never" />
          </KeyColumn>
          <KeyColumn label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
            <RevokeKeyButton />
          </KeyColumn>
        </DataTable>
      </ReferenceManyField>
      {forApplications && (
        <CreateButton
          resource="keys"
          label="Create an API key"
          variant="outlined"
          state={{ record: { owner: 'application', tenantId: record.tenantId, applicationId: record.id } }}
        />
      )}
    </Box>
  );
};

export const ApplicationShow = () => (
  <Show title={<ApplicationShowTitle />} actions={<ApplicationShowActions />}>
    <SimpleShowLayout>
      <TextField source="name" />
      <TenantField label="Tenant" />
      <TextField source="description" emptyText="—" />
      <TextField source="clientId" label="OAuth client id" emptyText="—" sx={{ fontFamily: 'monospace' }} />
      <ApplicationStatusField label="Status" />
      <Labeled label="Models granted to this application" fullWidth>
        <ApplicationGrants />
      </Labeled>
      <Labeled label="API keys acting as this application" fullWidth>
        <ApplicationKeys />
      </Labeled>
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
    </SimpleShowLayout>
  </Show>
);
