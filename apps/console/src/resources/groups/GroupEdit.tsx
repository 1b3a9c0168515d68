import {
  DeleteButton,
  Edit,
  Labeled,
  SaveButton,
  SimpleForm,
  TextInput,
  Toolbar,
  maxLength,
  required,
  useRecordContext,
} from 'react-admin';
import { ScimManagedNotice } from '../shared/directory-source';
import { TenantField } from '../shared/tenant-reference';
import { MembersInput } from './MembersInput';
import { DELETE_GROUP_CONFIRM, GROUP_NAME_MAX_LENGTH, type DirectoryGroup } from './types';

const GroupEditTitle = () => {
  const record = useRecordContext<DirectoryGroup>();
  return <>{record ? `Edit group ${record.displayName}` : 'Edit group'}</>;
};

const GroupEditToolbar = () => {
  const record = useRecordContext<DirectoryGroup>();
  if (record?.editable === false) return null;
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <DeleteButton
        mutationMode="pessimistic"
        confirmTitle="Delete this group?"
        confirmContent={DELETE_GROUP_CONFIRM}
      />
    </Toolbar>
  );
};

// The tenant is fixed; the member list is replaced as a whole.
const toUpdateBody = (data: DirectoryGroup) => ({ displayName: data.displayName, memberIds: data.memberIds });

const GroupEditForm = () => {
  const record = useRecordContext<DirectoryGroup>();
  const readOnly = record?.editable === false;
  return (
    <SimpleForm toolbar={<GroupEditToolbar />}>
      <ScimManagedNotice what="group" />
      <Labeled label="Tenant">
        <TenantField />
      </Labeled>
      <TextInput
        source="displayName"
        label="Name"
        readOnly={readOnly}
        validate={[required(), maxLength(GROUP_NAME_MAX_LENGTH)]}
        autoFocus={!readOnly}
        sx={{ maxWidth: 560 }}
      />
      <MembersInput tenantId={record?.tenantId ?? null} readOnly={readOnly} />
    </SimpleForm>
  );
};

export const GroupEdit = () => (
  <Edit title={<GroupEditTitle />} mutationMode="pessimistic" redirect="show" transform={toUpdateBody}>
    <GroupEditForm />
  </Edit>
);
