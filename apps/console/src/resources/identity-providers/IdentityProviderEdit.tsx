import { Edit, Labeled, SimpleForm, useRecordContext } from 'react-admin';
import { SaveDeleteToolbar } from '../shared/record-actions';
import { TenantField } from '../shared/tenant-reference';
import { IdentityProviderInputs, type IdentityProviderForm } from './IdentityProviderInputs';
import {
  DELETE_IDENTITY_PROVIDER_CONFIRM,
  DELETE_IDENTITY_PROVIDER_TITLE,
  type IdentityProvider,
} from './types';

const IdentityProviderEditTitle = () => {
  const record = useRecordContext<IdentityProvider>();
  return <>{record ? `Edit sign-in IdP ${record.issuer}` : 'Edit sign-in IdP'}</>;
};

const IdentityProviderEditToolbar = () => (
  <SaveDeleteToolbar
    confirmTitle={DELETE_IDENTITY_PROVIDER_TITLE}
    confirmContent={DELETE_IDENTITY_PROVIDER_CONFIRM}
  />
);

/** The secret is sent only when typed: leaving it empty keeps the stored one. */
const toUpdateBody = (data: IdentityProviderForm) => ({
  issuer: data.issuer,
  clientId: data.clientId,
  ...(data.clientSecret ? { clientSecret: data.clientSecret } : {}),
  ...(data.groupsClaim ? { groupsClaim: data.groupsClaim } : {}),
});

// The tenant is fixed.
export const IdentityProviderEdit = () => (
  <Edit
    title={<IdentityProviderEditTitle />}
    mutationMode="pessimistic"
    redirect="show"
    transform={toUpdateBody}
  >
    <SimpleForm toolbar={<IdentityProviderEditToolbar />}>
      <Labeled label="Tenant">
        <TenantField />
      </Labeled>
      <IdentityProviderInputs secretRequired={false} />
    </SimpleForm>
  </Edit>
);
