import {
  BooleanInput,
  DeleteButton,
  Edit,
  SaveButton,
  SimpleForm,
  TextInput,
  Toolbar,
  Labeled,
  email,
  maxLength,
  useRecordContext,
} from 'react-admin';
import { ScimManagedNotice } from '../shared/directory-source';
import { TenantField } from '../shared/tenant-reference';
import {
  ACTIVE_HELP,
  DELETE_USER_CONFIRM,
  DISPLAY_NAME_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  userRepresentation,
  type DirectoryUser,
} from './types';

const UserEditTitle = () => {
  const record = useRecordContext<DirectoryUser>();
  return <>{record ? `Edit user ${userRepresentation(record)}` : 'Edit user'}</>;
};

const UserEditToolbar = () => {
  const record = useRecordContext<DirectoryUser>();
  // A SCIM user is read-only: no save, no delete (the IdP deprovisions it).
  if (record?.editable === false) return null;
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <DeleteButton
        mutationMode="pessimistic"
        confirmTitle="Delete this user?"
        confirmContent={DELETE_USER_CONFIRM}
      />
    </Toolbar>
  );
};

// The user name and tenant are fixed. The API can change an e-mail address but not remove it,
// so an emptied field is left out.
const toUpdateBody = (data: DirectoryUser) => ({
  displayName: data.displayName ?? '',
  ...(data.email ? { email: data.email } : {}),
  active: data.active,
});

const UserEditForm = () => {
  const record = useRecordContext<DirectoryUser>();
  const readOnly = record?.editable === false;
  return (
    <SimpleForm toolbar={<UserEditToolbar />}>
      <ScimManagedNotice what="user" />
      <Labeled label="Tenant">
        <TenantField />
      </Labeled>
      <TextInput
        source="userName"
        readOnly
        helperText="A user name cannot be changed."
        sx={{ maxWidth: 560 }}
      />
      <TextInput
        source="displayName"
        readOnly={readOnly}
        validate={maxLength(DISPLAY_NAME_MAX_LENGTH)}
        autoFocus={!readOnly}
        sx={{ maxWidth: 560 }}
      />
      <TextInput
        source="email"
        type="email"
        readOnly={readOnly}
        validate={[email(), maxLength(EMAIL_MAX_LENGTH)]}
        helperText="An e-mail address can be changed but not removed."
        sx={{ maxWidth: 560 }}
      />
      <BooleanInput source="active" readOnly={readOnly} helperText={ACTIVE_HELP} />
    </SimpleForm>
  );
};

export const UserEdit = () => (
  <Edit title={<UserEditTitle />} mutationMode="pessimistic" redirect="show" transform={toUpdateBody}>
    <UserEditForm />
  </Edit>
);
