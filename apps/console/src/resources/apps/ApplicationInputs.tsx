import { BooleanInput, TextInput, maxLength, required } from 'react-admin';
import {
  ACTIVE_HELP,
  CLIENT_ID_HELP,
  CLIENT_ID_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  NAME_HELP,
  NAME_MAX_LENGTH,
  clientIdFormat,
  type Application,
} from './types';

export type ApplicationForm = Partial<Application>;

/** The fields both create and edit send; an empty client id clears it. */
export const toApplicationFields = (data: ApplicationForm) => ({
  name: data.name,
  description: data.description ?? '',
  clientId: data.clientId ? data.clientId : null,
  active: data.active ?? true,
});

/** Name, description, client id and whether the application's keys work (create and edit). */
export const ApplicationInputs = () => (
  <>
    <TextInput
      source="name"
      validate={[required(), maxLength(NAME_MAX_LENGTH)]}
      helperText={NAME_HELP}
      sx={{ maxWidth: 560 }}
    />
    <TextInput
      source="description"
      multiline
      minRows={2}
      validate={maxLength(DESCRIPTION_MAX_LENGTH)}
      helperText="What it is and who runs it, for whoever reviews its access."
      sx={{ maxWidth: 720 }}
    />
    <TextInput
      source="clientId"
      label="OAuth client id"
      validate={[maxLength(CLIENT_ID_MAX_LENGTH), clientIdFormat]}
      helperText={CLIENT_ID_HELP}
      slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
      sx={{ maxWidth: 560, '& input': { fontFamily: 'monospace' } }}
    />
    <BooleanInput source="active" helperText={ACTIVE_HELP} sx={{ maxWidth: 720 }} />
  </>
);
