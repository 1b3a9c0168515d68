import { DeleteButton, Edit, Labeled, SaveButton, SimpleForm, Toolbar, useRecordContext } from 'react-admin';
import { TenantField } from '../shared/tenant-reference';
import { ApplicationInputs, toApplicationFields } from './ApplicationInputs';
import { DELETE_APPLICATION_CONFIRM, type Application } from './types';

const ApplicationEditTitle = () => {
  const record = useRecordContext<Application>();
  return <>{record ? `Edit application ${record.name}` : 'Edit application'}</>;
};

const ApplicationEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this application?"
      confirmContent={DELETE_APPLICATION_CONFIRM}
    />
  </Toolbar>
);

// The tenant is fixed.
export const ApplicationEdit = () => (
  // Pessimistic, so a validation error from the server lands on the field instead of after an undo delay.
  <Edit
    title={<ApplicationEditTitle />}
    mutationMode="pessimistic"
    redirect="show"
    transform={toApplicationFields}
  >
    <SimpleForm toolbar={<ApplicationEditToolbar />}>
      <Labeled label="Tenant">
        <TenantField />
      </Labeled>
      <ApplicationInputs />
    </SimpleForm>
  </Edit>
);
