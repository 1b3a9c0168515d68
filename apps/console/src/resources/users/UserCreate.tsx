import { BooleanInput, Create, SimpleForm, TextInput, email, maxLength, required } from 'react-admin';
import { Alert } from '@mui/material';
import { TenantInput } from '../shared/tenant-reference';
import {
  ACTIVE_HELP,
  DISPLAY_NAME_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  USER_NAME_MAX_LENGTH,
  type DirectoryUser,
} from './types';

// Empty optional fields are left out rather than sent as null.
const toCreateBody = (data: Partial<DirectoryUser>) => ({
  tenantId: data.tenantId,
  userName: data.userName,
  ...(data.displayName ? { displayName: data.displayName } : {}),
  ...(data.email ? { email: data.email } : {}),
  active: data.active ?? true,
});

export const UserCreate = () => (
  <Create title="Create a user" redirect="show" transform={toCreateBody}>
    <SimpleForm defaultValues={{ active: true }}>
      <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
        This creates a local user. People from the tenant&apos;s identity provider arrive by SCIM or at their
        first sign-in; manage those in the IdP.
      </Alert>
      <TenantInput validate={required('Choose the tenant the user belongs to.')} />
      <TextInput
        source="userName"
        validate={[required(), maxLength(USER_NAME_MAX_LENGTH)]}
        helperText="Unique in the tenant (case-insensitive); usually the e-mail address the IdP sends."
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
        sx={{ maxWidth: 560 }}
      />
      <TextInput
        source="displayName"
        validate={maxLength(DISPLAY_NAME_MAX_LENGTH)}
        helperText="How the console shows this person, e.g. Ada Lovelace."
        sx={{ maxWidth: 560 }}
      />
      <TextInput
        source="email"
        type="email"
        validate={[email(), maxLength(EMAIL_MAX_LENGTH)]}
        helperText={false}
        sx={{ maxWidth: 560 }}
      />
      <BooleanInput source="active" helperText={ACTIVE_HELP} />
    </SimpleForm>
  </Create>
);
