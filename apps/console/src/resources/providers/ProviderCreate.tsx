import { Create, SimpleForm } from 'react-admin';
import { Alert } from '@mui/material';
import { TenantInput } from '../shared/tenant-reference';
import {
  ProviderCredentialInputs,
  ProviderIdentityInputs,
  ProviderOptionsInputs,
  TimeoutInput,
  credentialsFor,
  optionsFor,
  type ProviderForm,
} from './ProviderInputs';
import { DEFAULT_TIMEOUT_MS, TENANT_HELP } from './types';

// Only the options and credentials of the chosen type are sent; an empty tenant means a global provider.
const toCreateBody = (data: ProviderForm) => {
  const credentials = credentialsFor(data.type, data.credentials);
  return {
    tenantId: data.tenantId ? data.tenantId : null,
    name: data.name,
    type: data.type,
    baseUrl: data.baseUrl,
    options: optionsFor(data.type, data.options),
    ...(credentials === undefined ? {} : { credentials }),
    timeoutMs: data.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
};

export const ProviderCreate = () => (
  <Create title="Add a provider" redirect="show" transform={toCreateBody}>
    <SimpleForm defaultValues={{ type: 'openai', timeoutMs: DEFAULT_TIMEOUT_MS }}>
      <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
        A provider is an upstream LLM API and the credential Portcullis calls it with. Models route to
        providers through their deployments.
      </Alert>
      <TenantInput helperText={TENANT_HELP} />
      <ProviderIdentityInputs />
      <ProviderOptionsInputs />
      <TimeoutInput />
      <ProviderCredentialInputs />
    </SimpleForm>
  </Create>
);
