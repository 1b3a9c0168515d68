import { Create, SimpleForm } from 'react-admin';
import { Alert } from '@mui/material';
import { TenantInput } from '../shared/tenant-reference';
import { ModelInputs, toModelFields, type ModelForm } from './ModelInputs';
import { DEFAULT_CURRENCY, TENANT_HELP } from './types';

// An empty tenant means the global catalog.
const toCreateBody = (data: ModelForm) => ({
  tenantId: data.tenantId ? data.tenantId : null,
  ...toModelFields(data),
});

export const ModelCreate = () => (
  <Create title="Add a model" redirect="show" transform={toCreateBody}>
    <SimpleForm defaultValues={{ capabilities: ['chat'], currency: DEFAULT_CURRENCY, deployments: [] }}>
      <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
        A model is the name callers ask for (its alias) and where the gateway sends those calls: one or more
        deployments on providers.
      </Alert>
      <TenantInput helperText={TENANT_HELP} />
      <ModelInputs />
    </SimpleForm>
  </Create>
);
