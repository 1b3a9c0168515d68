import { DeleteButton, Edit, Labeled, SaveButton, SimpleForm, Toolbar, useRecordContext } from 'react-admin';
import { TenantField } from '../shared/tenant-reference';
import { ModelInputs, toModelFields } from './ModelInputs';
import { DELETE_MODEL_CONFIRM, GLOBAL_CATALOG, type Model } from './types';

const ModelEditTitle = () => {
  const record = useRecordContext<Model>();
  return <>{record ? `Edit model ${record.alias}` : 'Edit model'}</>;
};

const ModelEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this model?"
      confirmContent={DELETE_MODEL_CONFIRM}
    />
  </Toolbar>
);

// The tenant is fixed; the deployments are replaced as a whole.
export const ModelEdit = () => (
  // Pessimistic, so a validation error from the server lands on the field instead of after an undo delay.
  <Edit title={<ModelEditTitle />} mutationMode="pessimistic" redirect="show" transform={toModelFields}>
    <SimpleForm toolbar={<ModelEditToolbar />}>
      <Labeled label="Tenant">
        <TenantField noTenant={GLOBAL_CATALOG} />
      </Labeled>
      <ModelInputs />
    </SimpleForm>
  </Edit>
);
