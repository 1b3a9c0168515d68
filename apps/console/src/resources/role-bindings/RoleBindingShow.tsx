import {
  DateField,
  DeleteButton,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { TenantField } from '../shared/tenant-reference';
import { RoleField, SubjectField, SubjectTypeField } from './fields';
import {
  GLOBAL_SCOPE,
  REMOVE_BINDING_CONFIRM,
  ROLE_DESCRIPTIONS,
  ROLE_LABELS,
  type RoleBinding,
} from './types';

const RoleBindingShowTitle = () => {
  const record = useRecordContext<RoleBinding>();
  return <>{record ? `Role binding: ${ROLE_LABELS[record.role]}` : 'Role binding'}</>;
};

const RoleDescription = (_props: { label?: string }) => {
  const record = useRecordContext<RoleBinding>();
  return record ? <>{ROLE_DESCRIPTIONS[record.role]}</> : null;
};

const RoleBindingShowActions = () => (
  <TopToolbar>
    <DeleteButton
      label="Remove"
      mutationMode="pessimistic"
      confirmTitle="Remove this role binding?"
      confirmContent={REMOVE_BINDING_CONFIRM}
    />
  </TopToolbar>
);

// No edit: a binding is removed and granted again (the audit trail then shows both).
export const RoleBindingShow = () => (
  <Show title={<RoleBindingShowTitle />} actions={<RoleBindingShowActions />}>
    <SimpleShowLayout>
      <RoleField label="Role" />
      <RoleDescription label="What it allows" />
      <TenantField label="Tenant" noTenant={GLOBAL_SCOPE} />
      <SubjectTypeField label="Subject type" />
      <SubjectField label="Subject" />
      <DateField source="createdAt" showTime />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
    </SimpleShowLayout>
  </Show>
);
