import { DateField, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { ExplainAccessButton } from '../../pages/access-explainer/links';
import { TenantField } from '../shared/tenant-reference';
import { KeyMetadataField, KeyOwnerField, KeyPrefixField, KeyScopeField, KeyStatusField } from './fields';
import { RevokeKeyButton } from './RevokeKeyButton';
import type { ApiKey } from './types';

const KeyShowTitle = () => {
  const record = useRecordContext<ApiKey>();
  return <>{record ? `API key ${record.name}` : 'API key'}</>;
};

const KeyShowActions = () => {
  const record = useRecordContext<ApiKey>();
  return (
    <TopToolbar>
      {record && <ExplainAccessButton target={{ keyId: record.id }} />}
      <RevokeKeyButton redirect="list" />
    </TopToolbar>
  );
};

// No edit: a key's owner, scope and expiry are fixed; revoke it and create another.
export const KeyShow = () => (
  <Show title={<KeyShowTitle />} actions={<KeyShowActions />}>
    <SimpleShowLayout>
      <TextField source="name" />
      <KeyPrefixField label="Prefix" />
      <KeyStatusField label="Status" />
      <KeyOwnerField label="Acts as" />
      <TenantField label="Tenant" />
      <KeyScopeField label="Limited to models" />
      <KeyMetadataField label="Labels" />
      <DateField source="expiresAt" showTime emptyText="Never" />
      <DateField source="lastUsedAt" showTime emptyText="Never" />
      <DateField source="revokedAt" showTime emptyText="Not revoked" />
      <TextField source="createdBy" sx={{ fontFamily: 'monospace' }} />
      <DateField source="createdAt" showTime />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
    </SimpleShowLayout>
  </Show>
);
