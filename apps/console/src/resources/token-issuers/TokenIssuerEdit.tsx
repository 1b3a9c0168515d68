import { Edit, Labeled, SimpleForm, TextField, useRecordContext } from 'react-admin';
import { SaveDeleteToolbar } from '../shared/record-actions';
import { TenantField } from '../shared/tenant-reference';
import { TokenIssuerInputs, toTokenIssuerFields } from './TokenIssuerInputs';
import { DELETE_TOKEN_ISSUER_CONFIRM, DELETE_TOKEN_ISSUER_TITLE, type TokenIssuer } from './types';

const TokenIssuerEditTitle = () => {
  const record = useRecordContext<TokenIssuer>();
  return <>{record ? `Edit token issuer ${record.issuer}` : 'Edit token issuer'}</>;
};

const TokenIssuerEditToolbar = () => (
  <SaveDeleteToolbar confirmTitle={DELETE_TOKEN_ISSUER_TITLE} confirmContent={DELETE_TOKEN_ISSUER_CONFIRM} />
);

// The tenant and the issuer are fixed: trusting another issuer is a new record.
export const TokenIssuerEdit = () => (
  // Pessimistic, so a validation error from the server lands on the field instead of after an undo delay.
  <Edit
    title={<TokenIssuerEditTitle />}
    mutationMode="pessimistic"
    redirect="show"
    transform={toTokenIssuerFields}
  >
    <SimpleForm toolbar={<TokenIssuerEditToolbar />}>
      <Labeled label="Tenant" sx={{ mb: 1 }}>
        <TenantField />
      </Labeled>
      <Labeled label="Issuer URL" sx={{ mb: 2 }}>
        <TextField source="issuer" sx={{ fontFamily: 'monospace' }} />
      </Labeled>
      <TokenIssuerInputs />
    </SimpleForm>
  </Edit>
);
