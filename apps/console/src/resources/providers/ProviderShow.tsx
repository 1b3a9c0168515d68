import {
  DateField,
  DeleteButton,
  EditButton,
  NumberField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { TenantField } from '../shared/tenant-reference';
import { CredentialsField, ProviderOptionsField, ProviderTypeField } from './fields';
import { DELETE_PROVIDER_CONFIRM, GLOBAL_PROVIDER, type Provider } from './types';

const ProviderShowTitle = () => {
  const record = useRecordContext<Provider>();
  return <>{record ? `Provider ${record.name}` : 'Provider'}</>;
};

const ProviderShowActions = () => (
  <TopToolbar>
    <EditButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this provider?"
      confirmContent={DELETE_PROVIDER_CONFIRM}
    />
  </TopToolbar>
);

export const ProviderShow = () => (
  <Show title={<ProviderShowTitle />} actions={<ProviderShowActions />}>
    <SimpleShowLayout>
      <TextField source="name" />
      <ProviderTypeField label="Type" />
      <TenantField label="Tenant" noTenant={GLOBAL_PROVIDER} />
      <TextField source="baseUrl" sx={{ fontFamily: 'monospace' }} />
      <CredentialsField label="Credentials" />
      <ProviderOptionsField label="Options" />
      <NumberField
        source="timeoutMs"
        options={{ style: 'unit', unit: 'millisecond', unitDisplay: 'short' }}
      />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
    </SimpleShowLayout>
  </Show>
);
