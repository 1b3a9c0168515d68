import { DateField, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { EditDeleteActions } from '../shared/record-actions';
import { TenantField } from '../shared/tenant-reference';
import { AlgorithmsField, AudienceField, GroupsClaimField, RequiredClaimsField } from './fields';
import { DELETE_TOKEN_ISSUER_CONFIRM, DELETE_TOKEN_ISSUER_TITLE, type TokenIssuer } from './types';

const TokenIssuerShowTitle = () => {
  const record = useRecordContext<TokenIssuer>();
  return <>{record ? `Token issuer ${record.issuer}` : 'Token issuer'}</>;
};

const TokenIssuerShowActions = () => (
  <EditDeleteActions confirmTitle={DELETE_TOKEN_ISSUER_TITLE} confirmContent={DELETE_TOKEN_ISSUER_CONFIRM} />
);

const monospace = { fontFamily: 'monospace' };

export const TokenIssuerShow = () => (
  <Show title={<TokenIssuerShowTitle />} actions={<TokenIssuerShowActions />}>
    <SimpleShowLayout>
      <TextField source="issuer" sx={monospace} />
      <TenantField label="Tenant" />
      <AudienceField label="Audiences" />
      <TextField source="jwksUri" label="JWKS URL" sx={monospace} />
      <GroupsClaimField label="Groups claim" />
      <AlgorithmsField label="Signature algorithms" />
      <RequiredClaimsField label="Required claims" />
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
      <TextField source="id" sx={monospace} />
    </SimpleShowLayout>
  </Show>
);
