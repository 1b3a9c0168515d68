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
import { GrantModelField, GrantSubjectField, GrantSubjectKindField } from './fields';
import { ANY_MODEL, ANY_MODEL_LABEL, REMOVE_GRANT_CONFIRM, type Grant } from './types';

const GrantShowTitle = () => {
  const record = useRecordContext<Grant>();
  if (!record) return <>Grant</>;
  return <>{`Grant: ${record.model === ANY_MODEL ? ANY_MODEL_LABEL : record.model}`}</>;
};

const GrantShowActions = () => (
  <TopToolbar>
    <DeleteButton
      label="Remove"
      mutationMode="pessimistic"
      confirmTitle="Remove this grant?"
      confirmContent={REMOVE_GRANT_CONFIRM}
    />
  </TopToolbar>
);

// No edit: a grant is removed and granted again (the audit trail then shows both).
export const GrantShow = () => (
  <Show title={<GrantShowTitle />} actions={<GrantShowActions />}>
    <SimpleShowLayout>
      <GrantModelField label="Model" />
      <GrantSubjectKindField label="Granted to" />
      <GrantSubjectField label="Subject" />
      <TenantField label="Tenant" />
      <DateField source="createdAt" showTime />
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
    </SimpleShowLayout>
  </Show>
);
