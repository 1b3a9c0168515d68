import {
  BooleanInput,
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
import { Typography } from '@mui/material';
import {
  DELETE_TENANT_CONFIRM,
  JIT_PROVISIONING_HELP,
  NAME_MAX_LENGTH,
  ZERO_DATA_RETENTION_HELP,
  type Tenant,
  type TenantSettings,
} from './types';

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
      confirmContent={DELETE_TENANT_CONFIRM}
    />
  </Toolbar>
);

const SETTING_KEYS: readonly (keyof TenantSettings)[] = ['zeroDataRetention', 'jitProvisioning'];

/**
 * Only what changed is sent back (the slug never is): renaming needs platform-admin and settings
 * need tenant-owner, so a tenant owner who only flips a switch must not send the name.
 */
const toUpdateBody = (data: Tenant, options?: { previousData?: Tenant }) => {
  const previous = options?.previousData;
  const body: { name?: string; settings?: Partial<TenantSettings> } = {};
  if (previous === undefined || data.name !== previous.name) body.name = data.name;
  const settings: Partial<TenantSettings> = {};
  for (const key of SETTING_KEYS) {
    if (previous === undefined || data.settings[key] !== previous.settings[key]) {
      settings[key] = data.settings[key];
    }
  }
  if (Object.keys(settings).length > 0) body.settings = settings;
  return body;
};

export const TenantEdit = () => (
  // Pessimistic, so a validation error from the server lands on the field instead of after an undo delay.
  <Edit title={<TenantEditTitle />} mutationMode="pessimistic" redirect="show" transform={toUpdateBody}>
    <SimpleForm toolbar={<TenantEditToolbar />}>
      <TextInput
        source="name"
        validate={[required(), maxLength(NAME_MAX_LENGTH)]}
        helperText="Renaming a tenant needs the platform-admin role."
        autoFocus
        sx={{ maxWidth: 560 }}
      />
      <TextInput
        source="slug"
        readOnly
        helperText="A tenant's slug cannot be changed."
        sx={{ maxWidth: 560, '& input': { fontFamily: 'monospace' } }}
      />
      <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
        Settings
      </Typography>
      <BooleanInput
        source="settings.zeroDataRetention"
        label="Zero data retention"
        helperText={ZERO_DATA_RETENTION_HELP}
        sx={{ maxWidth: 720 }}
      />
      <BooleanInput
        source="settings.jitProvisioning"
        label="Create users at first sign-in (JIT provisioning)"
        helperText={JIT_PROVISIONING_HELP}
        sx={{ maxWidth: 720 }}
      />
    </SimpleForm>
  </Edit>
);
