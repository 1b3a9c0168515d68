import { Create, SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { TenantInput } from '../shared/tenant-reference';
import { MembersInput } from './MembersInput';
import { GROUP_NAME_MAX_LENGTH, type DirectoryGroup } from './types';

type GroupForm = Partial<DirectoryGroup>;

const toCreateBody = (data: GroupForm) => ({
  tenantId: data.tenantId,
  displayName: data.displayName,
  memberIds: data.memberIds ?? [],
});

const GroupCreateFields = () => {
  const { setValue } = useFormContext<GroupForm>();
  const tenantId = useWatch<GroupForm, 'tenantId'>({ name: 'tenantId' });
  return (
    <>
      <TenantInput
        validate={required('Choose the tenant the group belongs to.')}
        // Members chosen for another tenant would be refused.
        onTenantChange={() => {
          setValue('memberIds', []);
        }}
      />
      <TextInput
        source="displayName"
        label="Name"
        validate={[required(), maxLength(GROUP_NAME_MAX_LENGTH)]}
        helperText="Unique in the tenant, e.g. ml-engineers."
        sx={{ maxWidth: 560 }}
      />
      <MembersInput tenantId={tenantId ?? null} />
    </>
  );
};

export const GroupCreate = () => (
  <Create title="Create a group" redirect="show" transform={toCreateBody}>
    <SimpleForm defaultValues={{ memberIds: [] }}>
      <GroupCreateFields />
    </SimpleForm>
  </Create>
);
