import {
  DeleteButton,
  Edit,
  Labeled,
  SaveButton,
  SimpleForm,
  TextField,
  Toolbar,
  useRecordContext,
} from 'react-admin';
import { TenantField } from '../shared/tenant-reference';
import { TokenIssuerInputs, toTokenIssuerFields } from './TokenIssuerInputs';
import { DELETE_TOKEN_ISSUER_CONFIRM, type TokenIssuer } from './types';

const TokenIssuerEditTitle = () => {
  const record = useRecordContext<TokenIssuer>();
  return <>{record ? `Edit token issuer ${record.issuer}` : 'Edit token issuer'}</>;
};

const TokenIssuerEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Stop trusting this issuer?"
      confirmContent={DELETE_TOKEN_ISSUER_CONFIRM}
    />
  </Toolbar>
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
      <Labeled label="Tenant">
        <TenantField />
      </Labeled>
      <Labeled label="Issuer URL">
        <TextField source="issuer" sx={{ fontFamily: 'monospace' }} />
      </Labeled>
      <TokenIssuerInputs />
    </SimpleForm>
  </Edit>
);
