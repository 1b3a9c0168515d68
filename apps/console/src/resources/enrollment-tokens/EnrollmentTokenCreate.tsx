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
  required,
  useDataProvider,
  useNotify,
  useRedirect,
} from 'react-admin';
import { Alert, Box, Typography } from '@mui/material';
import { CopyableValue, SecretCreatedDialog } from '../shared/SecretCreatedDialog';
import {
  DEFAULT_TOKEN_HOURS,
  MAX_TOKEN_HOURS,
  NAME_MAX_LENGTH,
  isCreatedEnrollmentToken,
  startNodeCommand,
  type CreatedEnrollmentToken,
} from './types';

interface EnrollmentTokenForm {
  name?: string;
  expiresInHours?: number | null;
}

const HOURS_MESSAGE = `A whole number of hours from 1 to ${String(MAX_TOKEN_HOURS)}.`;

const wholeHours = (value: unknown) =>
  value === null || value === undefined || Number.isInteger(value) ? undefined : HOURS_MESSAGE;

const EnrollmentTokenCreatedDialog = ({
  token,
  onClose,
}: {
  token: CreatedEnrollmentToken;
  onClose: () => void;
}) => (
  <SecretCreatedDialog
    label={`Enrollment token "${token.name}"`}
    secret={token.token}
    what="enrollment token"
    testId="new-enrollment-token"
    onClose={onClose}
    warning={
      <>
        This is the only time the token is shown. Portcullis keeps only a hash of it and cannot show it again;
        afterwards the console shows only its prefix, <code>{token.prefix}</code>. It enrolls one node, until{' '}
        {new Date(token.expiresAt).toLocaleString()}.
      </>
    }
  >
    <Box sx={{ mt: 1 }}>
      <CopyableValue
        label="Command to start a node"
        value={startNodeCommand(token.token, window.location.origin)}
        what="command"
        testId="start-node-command"
        multiline
      />
    </Box>
    <Typography variant="body2" color="text.secondary">
      Run it from a Portcullis checkout on the node&apos;s host (after <code>npm run build</code>). The node
      enrolls with the token, keeps its own keys, and appears under Data-plane nodes.
    </Typography>
  </SecretCreatedDialog>
);

/**
 * Creates an enrollment token and shows it once. The create call bypasses react-admin's mutation
 * cache on purpose: the response holds the secret, and it must live only in this dialog's state.
 */
export const EnrollmentTokenCreate = () => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const [created, setCreated] = useState<CreatedEnrollmentToken | null>(null);

  const submit = async (values: EnrollmentTokenForm) => {
    try {
      const response = await dataProvider.create('enrollment-tokens', {
        data: {
          name: values.name,
          ...(typeof values.expiresInHours === 'number' ? { expiresInHours: values.expiresInHours } : {}),
        },
      });
      const data: unknown = response.data;
      if (!isCreatedEnrollmentToken(data)) throw new Error('The control plane did not return the new token.');
      setCreated(data);
      return undefined;
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : 'The token could not be created.';
      notify(message, { type: 'error' });
      // Field problems (e.g. expiresInHours) go under their inputs, as with react-admin's own save.
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
    notify('Enrollment token created. Only its prefix is shown from now on.', { type: 'success' });
    redirect('list', 'enrollment-tokens');
  };

  return (
    <>
      <Create title="Create an enrollment token">
        <SimpleForm onSubmit={submit} defaultValues={{ expiresInHours: DEFAULT_TOKEN_HOURS }}>
          <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
            An enrollment token lets one new data-plane node join the fleet: the node sends it once with its
            public keys, and from then on proves who it is with its own key. Create one per node.
          </Alert>
          <TextInput
            source="name"
            validate={[required(), maxLength(NAME_MAX_LENGTH)]}
            helperText="Which node it is for, e.g. gateway-eu-1."
            sx={{ maxWidth: 560 }}
          />
          <NumberInput
            source="expiresInHours"
            min={1}
            max={MAX_TOKEN_HOURS}
            step={1}
            validate={[minValue(1, HOURS_MESSAGE), maxValue(MAX_TOKEN_HOURS, HOURS_MESSAGE), wholeHours]}
            helperText={`Unused, the token stops working after this many hours (1 to ${String(MAX_TOKEN_HOURS)}; 24 when empty).`}
            sx={{ maxWidth: 560 }}
          />
        </SimpleForm>
      </Create>
      {created !== null && <EnrollmentTokenCreatedDialog token={created} onClose={close} />}
    </>
  );
};
