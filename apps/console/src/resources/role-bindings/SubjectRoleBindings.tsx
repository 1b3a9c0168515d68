import {
  CreateButton,
  DataTable,
  DateField,
  DeleteButton,
  ReferenceManyField,
  useRecordContext,
} from 'react-admin';
import { Box, Typography } from '@mui/material';
import { TenantField } from '../shared/tenant-reference';
import { RoleField } from './fields';
import { GLOBAL_SCOPE, REMOVE_BINDING_CONFIRM, type RoleBinding } from './types';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';

const Column = DataTable.Col<RoleBinding>;

/** The roles bound directly to a user or group, with a shortcut to grant another. */
export const SubjectRoleBindings = ({ subjectType }: { subjectType: 'user' | 'group'; label?: string }) => {
  const record = useRecordContext<{ id: string; tenantId: string }>();
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }}>
      <ReferenceManyField
        reference="role-bindings"
        target="subjectId"
        filter={{ subjectType }}
        sort={{ field: 'createdAt', order: 'DESC' }}
        perPage={100}
      >
        <DataTable
          bulkActionButtons={false}
          rowClick="show"
          sx={{ mb: 1 }}
          empty={
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {subjectType === 'user'
                ? 'No role is bound to this user directly. They may still hold roles through their groups.'
                : 'No role is bound to this group yet: its members get no access through it.'}
            </Typography>
          }
        >
          <Column source="role">
            <RoleField />
          </Column>
          <Column source="tenantId" label="Tenant" disableSort>
            <TenantField noTenant={GLOBAL_SCOPE} />
          </Column>
          <Column source="createdAt" sx={NO_WRAP}>
            <DateField source="createdAt" showTime />
          </Column>
          <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
            <DeleteButton
              label="Remove"
              mutationMode="pessimistic"
              redirect={false}
              confirmTitle="Remove this role binding?"
              confirmContent={REMOVE_BINDING_CONFIRM}
            />
          </Column>
        </DataTable>
      </ReferenceManyField>
      <CreateButton
        resource="role-bindings"
        label="Grant a role"
        variant="outlined"
        state={{ record: { tenantId: record.tenantId, subjectType, subjectId: record.id } }}
      />
    </Box>
  );
};
