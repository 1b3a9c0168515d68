import {
  AutocompleteInput,
  Create,
  RadioButtonGroupInput,
  ReferenceInput,
  SimpleForm,
  TextInput,
  maxLength,
  required,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { Alert, Box, Typography } from '@mui/material';
import { TenantInput } from '../shared/tenant-reference';
import { userRepresentation, type DirectoryUser } from '../users/types';
import { ROLE_CHOICES, ROLE_DESCRIPTIONS, SUBJECT_TYPE_CHOICES, isRole, type RoleBinding } from './types';

type RoleBindingForm = Partial<RoleBinding>;

// Only the fields of the chosen subject type are sent; an empty tenant means a global binding.
const toCreateBody = (data: RoleBindingForm) => ({
  tenantId: data.tenantId ? data.tenantId : null,
  role: data.role,
  subjectType: data.subjectType,
  ...(data.subjectType === 'idp-group' ? { subjectName: data.subjectName } : { subjectId: data.subjectId }),
});

const search = (searchText: string) => (searchText ? { q: searchText } : {});

const RoleOption = ({ id, name }: { id: string; name: string }) => (
  <Box component="span" sx={{ display: 'block', py: 0.5 }}>
    <Typography component="span" sx={{ display: 'block' }}>
      {name}
    </Typography>
    <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
      {isRole(id) ? ROLE_DESCRIPTIONS[id] : ''}
    </Typography>
  </Box>
);

const renderRole = (choice: { id: string; name: string }) => <RoleOption {...choice} />;

/** Users or groups of the chosen tenant (all tenants for a global binding), or an IdP group's name. */
const SubjectInput = () => {
  const [subjectType, tenantId] = useWatch<RoleBindingForm>({ name: ['subjectType', 'tenantId'] }) as [
    RoleBindingForm['subjectType'],
    RoleBindingForm['tenantId'],
  ];
  const filter = tenantId ? { tenantId } : {};
  if (subjectType === 'idp-group') {
    return (
      <TextInput
        source="subjectName"
        label="IdP group name"
        validate={[required(), maxLength(255)]}
        helperText="Exactly as the IdP sends it in the sign-in token's groups claim, e.g. portcullis-admins."
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
        sx={{ maxWidth: 560, '& input': { fontFamily: 'monospace' } }}
      />
    );
  }
  if (subjectType === 'user') {
    return (
      <ReferenceInput
        key="users"
        source="subjectId"
        reference="users"
        filter={filter}
        sort={{ field: 'userName', order: 'ASC' }}
        perPage={50}
      >
        <AutocompleteInput
          label="User"
          validate={required('Choose the user.')}
          filterToQuery={search}
          optionText={(user: DirectoryUser) => userRepresentation(user)}
          helperText={tenantId ? 'Users of the chosen tenant.' : 'Choose a tenant first to narrow the list.'}
          sx={{ width: '100%', maxWidth: 560 }}
        />
      </ReferenceInput>
    );
  }
  return (
    <ReferenceInput
      key="groups"
      source="subjectId"
      reference="groups"
      filter={filter}
      sort={{ field: 'displayName', order: 'ASC' }}
      perPage={50}
    >
      <AutocompleteInput
        label="Group"
        validate={required('Choose the group.')}
        filterToQuery={search}
        optionText="displayName"
        helperText={tenantId ? 'Groups of the chosen tenant.' : 'Choose a tenant first to narrow the list.'}
        sx={{ width: '100%', maxWidth: 560 }}
      />
    </ReferenceInput>
  );
};

const PlatformAdminHint = () => {
  const [role, tenantId] = useWatch<RoleBindingForm>({ name: ['role', 'tenantId'] }) as [
    RoleBindingForm['role'],
    RoleBindingForm['tenantId'],
  ];
  if (role === 'platform-admin' && tenantId) {
    return (
      <Alert severity="warning" sx={{ mb: 2, maxWidth: 720 }}>
        Platform admin is bound globally: clear the tenant.
      </Alert>
    );
  }
  if (!tenantId) {
    return (
      <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
        Without a tenant, the role applies in every tenant. Only platform admins can grant global roles.
      </Alert>
    );
  }
  return null;
};

const RoleBindingFormFields = () => {
  const { setValue } = useFormContext<RoleBindingForm>();
  // The chosen user or group belongs to the previous tenant or type: forget it.
  const clearSubject = () => {
    setValue('subjectId', null);
  };
  return (
    <>
      <TenantInput
        helperText="The tenant where the role applies. Leave empty for a global binding."
        onTenantChange={clearSubject}
      />
      <RadioButtonGroupInput
        source="role"
        choices={ROLE_CHOICES}
        optionText={renderRole}
        row={false}
        validate={required()}
      />
      <PlatformAdminHint />
      <RadioButtonGroupInput
        source="subjectType"
        label="Grant it to"
        choices={SUBJECT_TYPE_CHOICES}
        validate={required()}
        onChange={clearSubject}
      />
      <SubjectInput />
    </>
  );
};

export const RoleBindingCreate = () => (
  <Create title="Grant a role" redirect="list" transform={toCreateBody}>
    <SimpleForm defaultValues={{ role: 'developer', subjectType: 'group' }}>
      <RoleBindingFormFields />
    </SimpleForm>
  </Create>
);
