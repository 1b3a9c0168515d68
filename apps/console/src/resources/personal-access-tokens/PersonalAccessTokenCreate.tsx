import { useState } from 'react';
import {
  Create,
  HttpError,
  NumberInput,
  SimpleForm,
  TextInput,
  maxLength,
  maxValue,
  minValue,
  number,
  required,
  useDataProvider,
  useNotify,
  useRedirect,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { Alert } from '@mui/material';
import { TokenCreatedDialog } from './TokenCreatedDialog';
import {
  DEFAULT_EXPIRY_DAYS,
  MAX_EXPIRY_DAYS,
  NAME_MAX_LENGTH,
  isCreatedToken,
  type CreatedPersonalAccessToken,
} from './types';

interface TokenForm {
  name?: string;
  expiresInDays?: number | null;
}

const DAY_MS = 86_400_000;

const whole = (value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? 'Enter a whole number of days.' : undefined;

const ExpiryHelp = () => {
  const days = useWatch<TokenForm, 'expiresInDays'>({ name: 'expiresInDays' });
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
    return <>From 1 to {MAX_EXPIRY_DAYS} days.</>;
  }
  return <>Expires on {new Date(Date.now() + days * DAY_MS).toLocaleDateString()}.</>;
};

/**
 * Creates a token and shows it once. The create call bypasses react-admin's mutation cache on
 * purpose: the response holds the secret, and it must live only in this dialog's state.
 */
export const PersonalAccessTokenCreate = () => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const [created, setCreated] = useState<CreatedPersonalAccessToken | null>(null);

  const submit = async (values: TokenForm) => {
    try {
      const response = await dataProvider.create('personal-access-tokens', {
        data: { name: values.name, expiresInDays: values.expiresInDays ?? DEFAULT_EXPIRY_DAYS },
      });
      const data: unknown = response.data;
      if (!isCreatedToken(data)) throw new Error('The control plane did not return the new token.');
      setCreated(data);
      return undefined;
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : 'The token could not be created.';
      notify(message, { type: 'error' });
      // Field problems (e.g. expiresInDays) go under their inputs, as with react-admin's own save.
      if (error instanceof HttpError) {
        const body: unknown = error.body;
        if (typeof body === 'object' && body !== null && 'errors' in body) {
          return body.errors as Record<string, unknown>;
        }
      }
      return undefined;
    }
  };

  const close = () => {
    setCreated(null);
    notify('Token created. Only its prefix is shown from now on.', { type: 'success' });
    redirect('list', 'personal-access-tokens');
  };

  return (
    <>
      <Create title="Create a personal access token">
        <SimpleForm onSubmit={submit} defaultValues={{ expiresInDays: DEFAULT_EXPIRY_DAYS }}>
          <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
            A personal access token lets a script or command-line tool call the admin API as you, with your
            roles as they are at each call. Create one per tool, so that each can be revoked alone.
          </Alert>
          <TextInput
            source="name"
            validate={[required(), maxLength(NAME_MAX_LENGTH)]}
            helperText="What uses it, e.g. release automation."
            autoFocus
            sx={{ maxWidth: 560 }}
          />
          <NumberInput
            source="expiresInDays"
            label="Expires in (days)"
            min={1}
            max={MAX_EXPIRY_DAYS}
            step={1}
            validate={[required(), number(), whole, minValue(1), maxValue(MAX_EXPIRY_DAYS)]}
            helperText={<ExpiryHelp />}
            sx={{ maxWidth: 240 }}
          />
        </SimpleForm>
      </Create>
      {created !== null && <TokenCreatedDialog token={created} onClose={close} />}
    </>
  );
};
