import {
  BooleanField,
  DateField,
  DeleteButton,
  EditButton,
  EmailField,
  Labeled,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { SubjectRoleBindings } from '../role-bindings/SubjectRoleBindings';
import { ScimManagedNotice, SourceField } from '../shared/directory-source';
import { TenantField } from '../shared/tenant-reference';
import { DELETE_USER_CONFIRM, userRepresentation, type DirectoryUser } from './types';

const UserShowTitle = () => {
  const record = useRecordContext<DirectoryUser>();
  return <>{record ? `User ${userRepresentation(record)}` : 'User'}</>;
};

const UserShowActions = () => {
  const record = useRecordContext<DirectoryUser>();
  return (
    <TopToolbar>
      {record?.editable !== false && (
        <>
          <EditButton />
          <DeleteButton
            mutationMode="pessimistic"
            confirmTitle="Delete this user?"
            confirmContent={DELETE_USER_CONFIRM}
          />
        </>
      )}
    </TopToolbar>
  );
};

export const UserShow = () => (
  <Show title={<UserShowTitle />} actions={<UserShowActions />}>
    <SimpleShowLayout>
      <ScimManagedNotice what="user" />
      <TextField source="userName" />
      <TextField source="displayName" emptyText="—" />
      <EmailField source="email" emptyText="—" />
      <TenantField label="Tenant" />
      <BooleanField source="active" />
      <SourceField label="Source" />
      <TextField source="externalId" emptyText="—" sx={{ fontFamily: 'monospace' }} />
      <Labeled label="Roles bound to this user" fullWidth>
        <SubjectRoleBindings subjectType="user" />
      </Labeled>
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
    </SimpleShowLayout>
  </Show>
);
