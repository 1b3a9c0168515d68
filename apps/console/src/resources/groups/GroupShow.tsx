import {
  BooleanField,
  DataTable,
  DateField,
  DeleteButton,
  EditButton,
  Labeled,
  ReferenceArrayField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { Typography } from '@mui/material';
import { SubjectRoleBindings } from '../role-bindings/SubjectRoleBindings';
import { ScimManagedNotice, SourceField } from '../shared/directory-source';
import { TenantField } from '../shared/tenant-reference';
import type { DirectoryUser } from '../users/types';
import { DELETE_GROUP_CONFIRM, type DirectoryGroup } from './types';

const GroupShowTitle = () => {
  const record = useRecordContext<DirectoryGroup>();
  return <>{record ? `Group ${record.displayName}` : 'Group'}</>;
};

const GroupShowActions = () => {
  const record = useRecordContext<DirectoryGroup>();
  return (
    <TopToolbar>
      {record?.editable !== false && (
        <>
          <EditButton />
          <DeleteButton
            mutationMode="pessimistic"
            confirmTitle="Delete this group?"
            confirmContent={DELETE_GROUP_CONFIRM}
          />
        </>
      )}
    </TopToolbar>
  );
};

const Column = DataTable.Col<DirectoryUser>;

const Members = (_props: { label?: string }) => {
  const record = useRecordContext<DirectoryGroup>();
  if (!record) return null;
  if (record.memberIds.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {record.editable
          ? 'No members yet. Edit the group to add users of its tenant.'
          : 'No members yet: the IdP has pushed none.'}
      </Typography>
    );
  }
  return (
    <ReferenceArrayField source="memberIds" reference="users" perPage={100}>
      <DataTable bulkActionButtons={false} rowClick="show">
        <Column source="userName" disableSort />
        <Column source="displayName" disableSort />
        <Column source="email" disableSort />
        <Column source="active" disableSort>
          <BooleanField source="active" />
        </Column>
      </DataTable>
    </ReferenceArrayField>
  );
};

export const GroupShow = () => (
  <Show title={<GroupShowTitle />} actions={<GroupShowActions />}>
    <SimpleShowLayout>
      <ScimManagedNotice what="group" />
      <TextField source="displayName" label="Name" />
      <TenantField label="Tenant" />
      <SourceField label="Source" />
      <TextField source="externalId" emptyText="—" sx={{ fontFamily: 'monospace' }} />
      <Labeled label="Members" fullWidth>
        <Members />
      </Labeled>
      <Labeled label="Roles bound to this group" fullWidth>
        <SubjectRoleBindings subjectType="group" />
      </Labeled>
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
    </SimpleShowLayout>
  </Show>
);
