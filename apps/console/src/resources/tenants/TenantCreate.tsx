import { Create, SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { NAME_MAX_LENGTH, SLUG_HELP, SLUG_MAX_LENGTH } from './types';

// Only presence and length are checked here. The slug's format is the server's rule: its message comes
// back as a field error (see providers/http.ts), so the rule lives in one place.
export const TenantCreate = () => (
  <Create title="Create a tenant" redirect="show">
    <SimpleForm>
      <TextInput
        source="name"
        validate={[required(), maxLength(NAME_MAX_LENGTH)]}
        helperText="The organisation's display name, e.g. Acme Corp."
        autoFocus
        sx={{ maxWidth: 560 }}
      />
      <TextInput
        source="slug"
        validate={[required(), maxLength(SLUG_MAX_LENGTH)]}
        helperText={SLUG_HELP}
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
        sx={{ maxWidth: 560, '& input': { fontFamily: 'monospace' } }}
      />
    </SimpleForm>
  </Create>
);
