import { useEffect, useMemo, useState } from 'react';
import {
  AutocompleteInput,
  HttpError,
  RadioButtonGroupInput,
  ReferenceInput,
  SaveButton,
  SimpleForm,
  Title,
  Toolbar,
  required,
  useGetIdentity,
  useLocation,
  useNotify,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { Box, Card, CardContent, CardHeader, Typography } from '@mui/material';
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { useConsolePermissions } from '../../auth/use-console-permissions';
import { API_URL, apiFetch } from '../../providers/http';
import type { ApiKey } from '../../resources/keys/types';
import { useModelAliases, type AliasChoice } from '../../resources/models/model-aliases';
import { ApplicationInput, UserInput } from '../../resources/shared/principal-inputs';
import { TenantInput } from '../../resources/shared/tenant-reference';
import { ExplanationView, NoExplanationYet } from './ExplanationView';
import {
  isExplanation,
  readExplainQuery,
  toExplainBody,
  toExplainFormErrors,
  type ExplainForm,
  type Explanation,
} from './types';

const ASK_CHOICES = [
  { id: 'key', name: 'An API key' },
  { id: 'subject', name: 'A user or an application' },
];

// Developers may ask only about themselves and their own keys (the API answers 404 otherwise).
const ASK_MYSELF_CHOICES = [
  { id: 'key', name: 'One of my API keys' },
  { id: 'subject', name: 'Myself' },
];

const KIND_CHOICES = [
  { id: 'application', name: 'Application' },
  { id: 'user', name: 'User' },
];

const search = (searchText: string) => (searchText ? { q: searchText } : {});

const keyText = (key: ApiKey) =>
  `${key.name} (${key.prefix}…)${key.status === 'active' ? '' : ` · ${key.status}`}`;

/** Known aliases of the tenant, plus any alias typed in (to ask why an unknown one is refused). */
const ModelInput = ({ tenantId }: { tenantId: string | null }) => {
  const models = useModelAliases(tenantId);
  const [typed, setTyped] = useState<AliasChoice[]>([]);
  const current = useWatch<ExplainForm, 'model'>({ name: 'model' });
  const choices = useMemo(() => {
    const all = [...models.choices, ...typed];
    // A model named by a link is offered even before the catalog has loaded.
    if (current && !all.some((choice) => choice.id === current)) all.push({ id: current, name: current });
    return all;
  }, [models.choices, typed, current]);
  return (
    <AutocompleteInput
      source="model"
      label="Model"
      choices={choices}
      isPending={models.isPending}
      validate={required('Choose the model alias to ask about.')}
      onCreate={(alias?: string) => {
        const choice = { id: alias ?? '', name: alias ?? '' };
        setTyped((previous) => [...previous, choice]);
        return choice;
      }}
      createItemLabel="Ask about %{item}"
      helperText={
        tenantId
          ? 'An alias as callers send it: the tenant’s own models and the global catalog.'
          : 'An alias as callers send it. Choose a tenant to see only its models.'
      }
      sx={{ width: '100%', maxWidth: 560, '& input': { fontFamily: 'monospace' } }}
    />
  );
};

/** The caller as the subject, for those who may ask only about themselves. */
const Myself = () => {
  const { setValue } = useFormContext<ExplainForm>();
  const { identity } = useGetIdentity();
  const id = identity ? String(identity.id) : null;
  useEffect(() => {
    if (id !== null) {
      setValue('subject.kind', 'user');
      setValue('subject.id', id);
    }
  }, [id, setValue]);
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
      {identity?.fullName
        ? `You, ${identity.fullName}: your grants, your groups’ and your tenant’s.`
        : 'You.'}
    </Typography>
  );
};

const ExplainInputs = () => {
  const { setValue } = useFormContext<ExplainForm>();
  const aboutOthers = useConsolePermissions().can('access-explainer', 'explain-others');
  const [ask, tenantId, kind] = useWatch<ExplainForm>({ name: ['ask', 'tenantId', 'subject.kind'] }) as [
    ExplainForm['ask'],
    ExplainForm['tenantId'],
    'user' | 'application' | undefined,
  ];
  const tenant = tenantId ?? null;
  return (
    <>
      <TenantInput
        label="Tenant"
        helperText="Optional: narrows the choices below to one tenant."
        onTenantChange={() => {
          setValue('keyId', null);
          setValue('subject.id', null);
        }}
      />
      <RadioButtonGroupInput
        source="ask"
        label="Ask about"
        choices={aboutOthers ? ASK_CHOICES : ASK_MYSELF_CHOICES}
        validate={required()}
      />
      {ask === 'key' ? (
        <ReferenceInput
          key="keys"
          source="keyId"
          reference="keys"
          filter={tenant ? { tenantId: tenant } : {}}
          sort={{ field: 'createdAt', order: 'DESC' }}
          perPage={50}
        >
          <AutocompleteInput
            label="API key"
            validate={required('Choose the API key.')}
            filterToQuery={search}
            optionText={keyText}
            helperText="Search by name or prefix. The key acts as its owner, narrowed by its own limits."
            sx={{ width: '100%', maxWidth: 560 }}
          />
        </ReferenceInput>
      ) : !aboutOthers ? (
        <Myself />
      ) : (
        <>
          <RadioButtonGroupInput
            source="subject.kind"
            label="Who"
            choices={KIND_CHOICES}
            validate={required()}
            onChange={() => {
              setValue('subject.id', null);
            }}
          />
          {kind === 'user' ? (
            <UserInput
              key="users"
              source="subject.id"
              tenantId={tenant}
              validate={required('Choose the user.')}
              helperText="Their direct grants, their groups’ and their tenant’s."
            />
          ) : (
            <ApplicationInput
              key="apps"
              source="subject.id"
              tenantId={tenant}
              validate={required('Choose the application.')}
              helperText="Its own grants and its tenant’s."
            />
          )}
        </>
      )}
      <ModelInput tenantId={tenant} />
    </>
  );
};

const ExplainToolbar = () => (
  <Toolbar>
    {/* Always enabled: a form opened from a key or an application is ready to ask as it is. */}
    <SaveButton label="Explain" icon={<ManageSearchIcon />} alwaysEnable />
  </Toolbar>
);

interface Answer {
  explanation: Explanation;
  answeredAt: Date;
}

/**
 * "May this key, user or application call this model?" answered by `POST /api/v1/access/explain`,
 * which runs the gateway's own policy function: allowed or denied, with every check in order.
 */
export const AccessExplainer = () => {
  const location = useLocation();
  const notify = useNotify();
  const initial = useMemo(() => readExplainQuery(location.search), [location.search]);
  const [answer, setAnswer] = useState<Answer | null>(null);
  // Counts the questions answered (or refused) here, so a repeated question visibly got a new answer.
  const [answered, setAnswered] = useState(0);

  const submit = async (values: ExplainForm) => {
    try {
      const { json } = await apiFetch(`${API_URL}/access/explain`, {
        method: 'POST',
        body: JSON.stringify(toExplainBody(values)),
      });
      if (!isExplanation(json)) throw new Error('The control plane returned an unexpected answer.');
      setAnswer({ explanation: json, answeredAt: new Date() });
      setAnswered((count) => count + 1);
      return undefined;
    } catch (error: unknown) {
      setAnswer(null);
      setAnswered((count) => count + 1);
      notify(error instanceof Error ? error.message : 'The question could not be answered.', {
        type: 'error',
      });
      if (error instanceof HttpError) {
        const body: unknown = error.body;
        if (typeof body === 'object' && body !== null && 'errors' in body) {
          return toExplainFormErrors(body.errors as Record<string, unknown>, values.ask);
        }
      }
      return undefined;
    }
  };

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Access explainer" />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start' }}>
        <Card component="section" aria-labelledby="explain-ask" sx={{ flex: '1 1 420px', maxWidth: 640 }}>
          <CardHeader
            title="Ask"
            subheader="May this caller use this model?"
            slotProps={{ title: { id: 'explain-ask', component: 'h2', variant: 'h6' } }}
            sx={{ pb: 0 }}
          />
          {/* A new link (another key or application) starts a new question. */}
          <SimpleForm
            key={location.search}
            defaultValues={initial}
            onSubmit={submit}
            toolbar={<ExplainToolbar />}
          >
            <ExplainInputs />
          </SimpleForm>
        </Card>
        <Card
          component="section"
          aria-labelledby="explain-answer"
          aria-live="polite"
          sx={{ flex: '1 1 440px' }}
        >
          <CardHeader
            title="Answer"
            slotProps={{ title: { id: 'explain-answer', component: 'h2', variant: 'h6' } }}
            sx={{ pb: 0 }}
          />
          <CardContent data-answer={answered}>
            {answer === null ? (
              <NoExplanationYet />
            ) : (
              <ExplanationView explanation={answer.explanation} answeredAt={answer.answeredAt} />
            )}
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
};
