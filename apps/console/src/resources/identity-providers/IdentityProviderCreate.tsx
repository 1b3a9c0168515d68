import { Create, SimpleForm, required } from 'react-admin';
import { Alert } from '@mui/material';
import { TenantInput } from '../shared/tenant-reference';
import { IdentityProviderInputs, type IdentityProviderForm } from './IdentityProviderInputs';

const toCreateBody = (data: IdentityProviderForm) => ({
  tenantId: data.tenantId,
  issuer: data.issuer,
  clientId: data.clientId,
  clientSecret: data.clientSecret,
  ...(data.groupsClaim ? { groupsClaim: data.groupsClaim } : {}),
});

export const IdentityProviderCreate = () => (
  <Create title="Add a sign-in IdP" redirect="show" transform={toCreateBody}>
    <SimpleForm>
      <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
        Register a web client at your IdP first. Once saved, this page shows the redirect URI to enter there
        and the sign-in link for the tenant&apos;s people.
      </Alert>
      <TenantInput validate={required('Choose the tenant whose people sign in through this IdP.')} />
      <IdentityProviderInputs secretRequired />
    </SimpleForm>
  </Create>
);
