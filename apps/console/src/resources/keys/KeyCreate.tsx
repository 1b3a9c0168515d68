import { useState } from 'react';
import {
  ArrayInput,
  AutocompleteArrayInput,
  Create,
  DateTimeInput,
  HttpError,
  RadioButtonGroupInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  maxLength,
  required,
  useDataProvider,
  useNotify,
  useRedirect,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { Alert, Box, Typography } from '@mui/material';
import { useConsolePermissions } from '../../auth/use-console-permissions';
import { useModelAliases } from '../models/model-aliases';
import { ApplicationInput } from '../shared/principal-inputs';
import { TenantInput } from '../shared/tenant-reference';
import { KeyCreatedDialog } from './KeyCreatedDialog';
import {
  inTheFuture,
  toCreateKeyBody,
  toKeyFormErrors,
  validateMetadata,
  type KeyForm,
  type OwnerChoice,
} from './key-form';
import {
  MAX_METADATA_LABELS,
  MAX_SCOPE_MODELS,
  NAME_MAX_LENGTH,
  isCreatedApiKey,
  type CreatedApiKey,
} from './types';

const OWNER_DESCRIPTIONS: Record<OwnerChoice, string> = {
  self: 'A personal key with your access, as it is at each call.',
  application: 'A key with an application’s access. Tenant owners create keys for their applications.',
};

const OWNER_CHOICES = [
  { id: 'self', name: 'Myself' },
  { id: 'application', name: 'An application' },
];

const OwnerOption = ({ id, name }: { id: string; name: string }) => (
  <Box component="span" sx={{ display: 'block', py: 0.5 }}>
    <Typography component="span" sx={{ display: 'block' }}>
      {name}
    </Typography>
    <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
      {id === 'self' || id === 'application' ? OWNER_DESCRIPTIONS[id] : ''}
    </Typography>
  </Box>
);

const renderOwner = (choice: { id: string; name: string }) => <OwnerOption {...choice} />;

const monospace = { '& input': { fontFamily: 'monospace' } };

const atMostScope = (value: unknown) =>
  Array.isArray(value) && value.length > MAX_SCOPE_MODELS ? `At most ${MAX_SCOPE_MODELS} models.` : undefined;

const KeyFormFields = () => {
  const { setValue } = useFormContext<KeyForm>();
  const [owner, tenantId] = useWatch<KeyForm>({ name: ['owner', 'tenantId'] }) as [
    KeyForm['owner'],
    KeyForm['tenantId'],
  ];
  const models = useModelAliases(owner === 'application' && tenantId ? tenantId : null);
  // Only tenant owners make keys for applications; everyone else makes personal keys.
  const forApplications = useConsolePermissions().can('keys', 'create-for-application');
  return (
    <>
      <TextInput
        source="name"
        validate={[required(), maxLength(NAME_MAX_LENGTH)]}
        helperText="What uses it, e.g. support-bot production."
        autoFocus
        sx={{ maxWidth: 560 }}
      />
      <RadioButtonGroupInput
        source="owner"
        label="Acts as"
        choices={forApplications ? OWNER_CHOICES : OWNER_CHOICES.filter((choice) => choice.id === 'self')}
        optionText={renderOwner}
        row={false}
        validate={required()}
      />
      {owner === 'application' && (
        <>
          <TenantInput
            helperText="Optional: narrows the applications and models below to one tenant."
            onTenantChange={() => {
              setValue('applicationId', null);
            }}
          />
          <ApplicationInput
            source="applicationId"
            tenantId={tenantId ?? null}
            validate={required('Choose the application the key acts as.')}
            helperText="Its grants are the key's access; deactivating it stops the key."
          />
        </>
      )}
      <AutocompleteArrayInput
        source="scopeModels"
        label="Limit to models"
        choices={models.choices}
        isPending={models.isPending}
        validate={atMostScope}
        helperText="Optional: empty means every model its owner may use. A limit only narrows."
        sx={{ width: '100%', maxWidth: 560, ...monospace }}
      />
      <DateTimeInput
        source="expiresAt"
        label="Expires"
        validate={inTheFuture}
        helperText="Optional: leave empty for a key that does not expire. In your browser's time zone."
        sx={{ maxWidth: 560 }}
      />
      <ArrayInput
        source="metadata"
        label="Labels"
        validate={validateMetadata}
        helperText={`Optional: up to ${MAX_METADATA_LABELS} labels, such as team = search, to tell keys apart.`}
        sx={{ maxWidth: 640 }}
      >
        <SimpleFormIterator inline disableReordering disableClear>
          <TextInput
            source="name"
            label="Label"
            validate={required()}
            helperText={false}
            slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
            sx={{ width: 200, ...monospace }}
          />
          <TextInput source="value" label="Value" helperText={false} sx={{ width: 320 }} />
        </SimpleFormIterator>
      </ArrayInput>
    </>
  );
};

/**
 * Creates an API key and shows it once. The create call bypasses react-admin's mutation cache on
 * purpose: the response holds the key, and it must live only in this dialog's state.
 */
export const KeyCreate = () => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const submit = async (values: KeyForm) => {
    try {
      const response = await dataProvider.create('keys', { data: toCreateKeyBody(values) });
      const data: unknown = response.data;
      if (!isCreatedApiKey(data)) throw new Error('The control plane did not return the new key.');
      setCreated(data);
      return undefined;
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : 'The key could not be created.';
      notify(message, { type: 'error' });
      // Field problems (owner, scope, expiry) go under their inputs, as with react-admin's own save.
      if (error instanceof HttpError) {
        const body: unknown = error.body;
        if (typeof body === 'object' && body !== null && 'errors' in body) {
          return toKeyFormErrors(body.errors as Record<string, unknown>, values.owner);
        }
      }
      return undefined;
    }
  };

  const close = () => {
    const id = created?.id;
    setCreated(null);
    notify('API key created. Only its prefix is shown from now on.', { type: 'success' });
    if (id === undefined) redirect('list', 'keys');
    else redirect('show', 'keys', id);
  };

  return (
    <>
      <Create title="Create an API key">
        <SimpleForm onSubmit={submit} defaultValues={{ owner: 'self', metadata: [] }}>
          <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
            An API key is what a caller sends to the gateway. It acts as its owner: it can call the models
            granted to that person or application, as those grants are at each call, and no others.
          </Alert>
          <KeyFormFields />
        </SimpleForm>
      </Create>
      {created !== null && <KeyCreatedDialog apiKey={created} onClose={close} />}
    </>
  );
};
