import {
  DeleteButton,
  Edit,
  SaveButton,
  SimpleForm,
  TextInput,
  Toolbar,
  maxLength,
  required,
  useRecordContext,
} from 'react-admin';
import { NAME_MAX_LENGTH, type Tenant } from './types';

const TenantEditTitle = () => {
  const record = useRecordContext<Tenant>();
  return <>{record ? `Edit tenant ${record.name}` : 'Edit tenant'}</>;
};

const TenantEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this tenant?"
      confirmContent="Its users, groups, keys and configuration are deleted with it. This cannot be undone."
    />
  </Toolbar>
);

// The slug is immutable: only the name is sent back.
const toUpdateBody = (data: Tenant) => ({ name: data.name });

export const TenantEdit = () => (
  // Pessimistic, so a validation error from the server lands on the field instead of after an undo delay.
  <Edit title={<TenantEditTitle />} mutationMode="pessimistic" redirect="show" transform={toUpdateBody}>
    <SimpleForm toolbar={<TenantEditToolbar />}>
      <TextInput
        source="name"
        validate={[required(), maxLength(NAME_MAX_LENGTH)]}
        autoFocus
        sx={{ maxWidth: 560 }}
      />
      <TextInput
        source="slug"
        readOnly
        helperText="A tenant's slug cannot be changed."
        sx={{ maxWidth: 560, '& input': { fontFamily: 'monospace' } }}
      />
    </SimpleForm>
  </Edit>
);
