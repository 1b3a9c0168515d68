import { AutocompleteInput, Create, RadioButtonGroupInput, SimpleForm, required } from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { Alert, Typography } from '@mui/material';
import { useModelAliases } from '../models/model-aliases';
import { ApplicationInput, GroupInput, UserInput } from '../shared/principal-inputs';
import { TenantInput } from '../shared/tenant-reference';
import { ANY_MODEL, ANY_MODEL_LABEL, SUBJECT_KIND_CHOICES, type GrantSubjectKind } from './types';

interface GrantForm {
  tenantId?: string | null;
  model?: string | null;
  subject?: { kind?: GrantSubjectKind; id?: string | null };
}

// Everyone in the tenant needs no id.
const toCreateBody = (data: GrantForm) => ({
  tenantId: data.tenantId,
  model: data.model,
  subject:
    data.subject?.kind === 'tenant' ? { kind: 'tenant' } : { kind: data.subject?.kind, id: data.subject?.id },
});

const SubjectInput = ({
  kind,
  tenantId,
}: {
  kind: GrantSubjectKind | undefined;
  tenantId: string | null;
}) => {
  const helperText = tenantId ? undefined : 'Choose the tenant first.';
  switch (kind) {
    case 'application':
      return (
        <ApplicationInput
          key="apps"
          source="subject.id"
          tenantId={tenantId}
          validate={required('Choose the application.')}
          helperText={helperText ?? 'Applications of the chosen tenant; their API keys get the model too.'}
        />
      );
    case 'group':
      return (
        <GroupInput
          key="groups"
          source="subject.id"
          tenantId={tenantId}
          validate={required('Choose the group.')}
          helperText={helperText ?? 'Groups of the chosen tenant: whoever is a member, now and later.'}
        />
      );
    case 'user':
      return (
        <UserInput
          key="users"
          source="subject.id"
          tenantId={tenantId}
          validate={required('Choose the user.')}
          helperText={
            helperText ?? 'Users of the chosen tenant. Prefer groups, so that leaving a team is enough.'
          }
        />
      );
    case 'tenant':
      return (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2, maxWidth: 720 }}>
          Every user and application of the tenant, now and later, may use the model.
        </Typography>
      );
    default:
      return null;
  }
};

const GrantFormFields = () => {
  const { setValue } = useFormContext<GrantForm>();
  const [tenantId, kind] = useWatch<GrantForm>({ name: ['tenantId', 'subject.kind'] }) as [
    GrantForm['tenantId'],
    GrantSubjectKind | undefined,
  ];
  const models = useModelAliases(tenantId ?? null);
  const choices = [{ id: ANY_MODEL, name: ANY_MODEL_LABEL }, ...models.choices];
  // The chosen user, group or application belongs to the previous tenant or kind: forget it.
  const clearSubject = () => {
    setValue('subject.id', null);
  };
  return (
    <>
      <TenantInput
        validate={required('Choose the tenant the grant applies in.')}
        onTenantChange={clearSubject}
      />
      <AutocompleteInput
        source="model"
        label="Model"
        choices={choices}
        isPending={models.isPending}
        validate={required('Choose a model, or all models.')}
        helperText={
          tenantId
            ? 'An alias the tenant can call (its own or the global catalog’s), or all of them.'
            : 'Choose the tenant first to see only its models.'
        }
        sx={{ width: '100%', maxWidth: 560, '& input': { fontFamily: 'monospace' } }}
      />
      <RadioButtonGroupInput
        source="subject.kind"
        label="Grant it to"
        choices={SUBJECT_KIND_CHOICES}
        validate={required()}
        onChange={clearSubject}
      />
      <SubjectInput kind={kind} tenantId={tenantId ?? null} />
    </>
  );
};

export const GrantCreate = () => (
  <Create title="Grant a model" redirect="list" transform={toCreateBody}>
    <SimpleForm defaultValues={{ subject: { kind: 'application' } }}>
      <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
        A grant lets an application, a group, a user or everyone in a tenant call a model. Grants name the
        alias, so moving the alias to other deployments keeps them. API keys act with their owner&apos;s
        grants.
      </Alert>
      <GrantFormFields />
    </SimpleForm>
  </Create>
);
