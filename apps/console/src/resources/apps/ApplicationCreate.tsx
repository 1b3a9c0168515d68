import { Create, SimpleForm, required } from 'react-admin';
import { Alert } from '@mui/material';
import { TenantInput } from '../shared/tenant-reference';
import { ApplicationInputs, toApplicationFields, type ApplicationForm } from './ApplicationInputs';

const toCreateBody = (data: ApplicationForm) => ({ tenantId: data.tenantId, ...toApplicationFields(data) });

export const ApplicationCreate = () => (
  <Create title="Create an application" redirect="show" transform={toCreateBody}>
    <SimpleForm defaultValues={{ active: true }}>
      <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
        An application is a service of a tenant that calls models without a person behind it, such as a
        support bot. Grant it models, then create API keys that act as it.
      </Alert>
      <TenantInput validate={required('Choose the tenant the application belongs to.')} />
      <ApplicationInputs />
    </SimpleForm>
  </Create>
);
