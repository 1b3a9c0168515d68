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
import type { Tenant } from './types';

const TenantShowTitle = () => {
  const record = useRecordContext<Tenant>();
  return <>{record ? `Tenant ${record.name}` : 'Tenant'}</>;
};

const TenantShowActions = () => (
  <TopToolbar>
    <EditButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this tenant?"
      confirmContent="Its users, groups, keys and configuration are deleted with it. This cannot be undone."
    />
  </TopToolbar>
);

export const TenantShow = () => (
  <Show title={<TenantShowTitle />} actions={<TenantShowActions />}>
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="slug" sx={{ fontFamily: 'monospace' }} />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
    </SimpleShowLayout>
  </Show>
);
