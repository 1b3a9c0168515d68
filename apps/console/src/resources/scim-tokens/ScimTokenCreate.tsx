import { useState } from 'react';
import {
  Create,
  HttpError,
  SimpleForm,
  TextInput,
  maxLength,
  required,
  useDataProvider,
  useNotify,
  useRedirect,
} from 'react-admin';
import { Alert, Box, Typography } from '@mui/material';
import { CopyableValue, SecretCreatedDialog } from '../shared/SecretCreatedDialog';
import { TenantInput } from '../shared/tenant-reference';
import { NAME_MAX_LENGTH, isCreatedScimToken, type CreatedScimToken } from './types';

interface ScimTokenForm {
  tenantId?: string | null;
  name?: string;
}

const ScimTokenCreatedDialog = ({ token, onClose }: { token: CreatedScimToken; onClose: () => void }) => (
  <SecretCreatedDialog
    label={`SCIM token "${token.name}"`}
    secret={token.token}
    onClose={onClose}
    warning={
      <>
        This is the only time the token is shown. Portcullis keeps only a hash of it and cannot show it again;
        afterwards the console shows only its prefix, <code>{token.prefix}</code>. Paste it into your
        IdP&apos;s provisioning settings now.
      </>
    }
  >
    <Box sx={{ mt: 1 }}>
      <CopyableValue label="SCIM base URL" value={token.scimBaseUrl} what="SCIM base URL" />
    </Box>
    <Typography variant="body2" color="text.secondary">
      In the IdP (Okta: Provisioning → Integration; Entra ID: Provisioning → Admin credentials), set the SCIM
      connector base URL above and the token as the API token (HTTP header <code>Authorization: Bearer</code>
      ).
    </Typography>
  </SecretCreatedDialog>
);

/**
 * Creates a SCIM token and shows it once. The create call bypasses react-admin's mutation cache on
 * purpose: the response holds the secret, and it must live only in this dialog's state.
 */
export const ScimTokenCreate = () => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const [created, setCreated] = useState<CreatedScimToken | null>(null);

  const submit = async (values: ScimTokenForm) => {
    try {
      const response = await dataProvider.create('scim-tokens', {
        data: { tenantId: values.tenantId, name: values.name },
      });
      const data: unknown = response.data;
      if (!isCreatedScimToken(data)) throw new Error('The control plane did not return the new token.');
      setCreated(data);
      return undefined;
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : 'The token could not be created.';
      notify(message, { type: 'error' });
      // Field problems (e.g. tenantId) go under their inputs, as with react-admin's own save.
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
    notify('SCIM token created. Only its prefix is shown from now on.', { type: 'success' });
    redirect('list', 'scim-tokens');
  };

  return (
    <>
      <Create title="Create a SCIM token">
        <SimpleForm onSubmit={submit}>
          <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
            A SCIM token lets your identity provider (Okta, Entra ID, …) push one tenant&apos;s users and
            groups to Portcullis, so that joiners get access and leavers lose it within a second. Create one
            per IdP connection, so that each can be revoked alone.
          </Alert>
          <TenantInput validate={required('Choose the tenant the IdP provisions.')} />
          <TextInput
            source="name"
            validate={[required(), maxLength(NAME_MAX_LENGTH)]}
            helperText="Which connection uses it, e.g. Okta provisioning."
            sx={{ maxWidth: 560 }}
          />
        </SimpleForm>
      </Create>
      {created !== null && <ScimTokenCreatedDialog token={created} onClose={close} />}
    </>
  );
};
