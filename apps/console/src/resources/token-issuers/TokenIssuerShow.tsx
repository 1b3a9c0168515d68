import {
  DateField,
  DeleteButton,
  EditButton,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { TenantField } from '../shared/tenant-reference';
import { AlgorithmsField, AudienceField, RequiredClaimsField } from './fields';
import { DELETE_TOKEN_ISSUER_CONFIRM, type TokenIssuer } from './types';

const TokenIssuerShowTitle = () => {
  const record = useRecordContext<TokenIssuer>();
  return <>{record ? `Token issuer ${record.issuer}` : 'Token issuer'}</>;
};

const TokenIssuerShowActions = () => (
  <TopToolbar>
    <EditButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Stop trusting this issuer?"
      confirmContent={DELETE_TOKEN_ISSUER_CONFIRM}
    />
  </TopToolbar>
);

const monospace = { fontFamily: 'monospace' };

export const TokenIssuerShow = () => (
  <Show title={<TokenIssuerShowTitle />} actions={<TokenIssuerShowActions />}>
    <SimpleShowLayout>
      <TextField source="issuer" sx={monospace} />
      <TenantField label="Tenant" />
      <AudienceField label="Audiences" />
      <TextField source="jwksUri" label="JWKS URL" sx={monospace} />
      <TextField
        source="groupsClaim"
        label="Groups claim"
        emptyText="None: groups come from the directory"
        sx={monospace}
      />
      <AlgorithmsField label="Signature algorithms" />
      <RequiredClaimsField label="Required claims" />
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
      <TextField source="id" sx={monospace} />
    </SimpleShowLayout>
  </Show>
);
