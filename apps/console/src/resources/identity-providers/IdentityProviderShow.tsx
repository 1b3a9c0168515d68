import { DateField, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { EditDeleteActions } from '../shared/record-actions';
import { TenantField } from '../shared/tenant-reference';
import { ClientSecretField } from './fields';
import {
  DELETE_IDENTITY_PROVIDER_CONFIRM,
  DELETE_IDENTITY_PROVIDER_TITLE,
  type IdentityProvider,
} from './types';

const IdentityProviderShowTitle = () => {
  const record = useRecordContext<IdentityProvider>();
  return <>{record ? `Sign-in IdP ${record.issuer}` : 'Sign-in IdP'}</>;
};

const IdentityProviderShowActions = () => (
  <EditDeleteActions
    confirmTitle={DELETE_IDENTITY_PROVIDER_TITLE}
    confirmContent={DELETE_IDENTITY_PROVIDER_CONFIRM}
  />
);

const monospace = { fontFamily: 'monospace' };

export const IdentityProviderShow = () => (
  <Show title={<IdentityProviderShowTitle />} actions={<IdentityProviderShowActions />}>
    <SimpleShowLayout>
      <TenantField label="Tenant" />
      <TextField source="issuer" sx={monospace} />
      <TextField source="clientId" label="Client id" sx={monospace} />
      <ClientSecretField label="Client secret" />
      <TextField source="groupsClaim" label="Groups claim" sx={monospace} />
      <TextField source="redirectUri" label="Redirect URI (register it at the IdP)" sx={monospace} />
      <TextField source="loginUrl" label="Sign-in link for this tenant's people" sx={monospace} />
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
      <TextField source="id" sx={monospace} />
    </SimpleShowLayout>
  </Show>
);
