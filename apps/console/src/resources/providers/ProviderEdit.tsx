import {
  BooleanInput,
  DeleteButton,
  Edit,
  Labeled,
  SaveButton,
  SimpleForm,
  Toolbar,
  useRecordContext,
} from 'react-admin';
import { TenantField } from '../shared/tenant-reference';
import {
  ProviderCredentialInputs,
  ProviderIdentityInputs,
  ProviderOptionsInputs,
  TimeoutInput,
  credentialsFor,
  optionsFor,
  type ProviderForm,
} from './ProviderInputs';
import {
  DELETE_PROVIDER_CONFIRM,
  GLOBAL_PROVIDER,
  type Provider,
  type ProviderCredentials,
  type ProviderOptions,
} from './types';

const ProviderEditTitle = () => {
  const record = useRecordContext<Provider>();
  return <>{record ? `Edit provider ${record.name}` : 'Edit provider'}</>;
};

const ProviderEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this provider?"
      confirmContent={DELETE_PROVIDER_CONFIRM}
    />
  </Toolbar>
);

const sameOptions = (a: ProviderOptions, b: ProviderOptions) =>
  a.apiVersion === b.apiVersion && a.region === b.region;

interface UpdateBody {
  name?: string;
  baseUrl?: string;
  options?: ProviderOptions;
  credentials?: ProviderCredentials;
  timeoutMs?: number;
}

/**
 * Only what changed is sent (a tenant's base URL is checked again when sent). Credentials are sent
 * only when typed; an empty object removes the stored ones. The tenant and type are fixed.
 */
const toUpdateBody = (data: ProviderForm, options?: { previousData?: Provider }) => {
  const previous = options?.previousData;
  const body: UpdateBody = {};
  if (data.name !== undefined && data.name !== previous?.name) body.name = data.name;
  if (data.baseUrl !== undefined && data.baseUrl !== previous?.baseUrl) body.baseUrl = data.baseUrl;
  if (typeof data.timeoutMs === 'number' && data.timeoutMs !== previous?.timeoutMs) {
    body.timeoutMs = data.timeoutMs;
  }
  const providerOptions = optionsFor(data.type, data.options);
  if (previous === undefined || !sameOptions(providerOptions, previous.options))
    body.options = providerOptions;
  const credentials = credentialsFor(data.type, data.credentials);
  if (credentials !== undefined) body.credentials = credentials;
  else if (data.clearCredentials === true) body.credentials = {};
  return body;
};

const StoredCredentials = () => {
  const record = useRecordContext<Provider>();
  if (!record?.credentialsSet) return <ProviderCredentialInputs />;
  return (
    <>
      <ProviderCredentialInputs stored={record} />
      <BooleanInput
        source="clearCredentials"
        label="Remove the stored credentials"
        helperText="Calls then go to the provider without a credential. Ignored when a new one is typed above."
        sx={{ maxWidth: 720 }}
      />
    </>
  );
};

export const ProviderEdit = () => (
  // Pessimistic, so a validation error from the server lands on the field instead of after an undo delay.
  <Edit title={<ProviderEditTitle />} mutationMode="pessimistic" redirect="show" transform={toUpdateBody}>
    <SimpleForm toolbar={<ProviderEditToolbar />}>
      <Labeled label="Tenant">
        <TenantField noTenant={GLOBAL_PROVIDER} />
      </Labeled>
      <ProviderIdentityInputs typeReadOnly />
      <ProviderOptionsInputs />
      <TimeoutInput />
      <StoredCredentials />
    </SimpleForm>
  </Edit>
);
