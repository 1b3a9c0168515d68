import {
  ArrayInput,
  Button,
  CheckboxGroupInput,
  NumberInput,
  ReferenceInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  maxLength,
  maxValue,
  minValue,
  number,
  required,
  useSimpleFormIterator,
} from 'react-admin';
import type { ReactNode } from 'react';
import { useWatch } from 'react-hook-form';
import { Box, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { PROVIDER_TYPE_LABELS, type Provider } from '../providers/types';
import {
  ALIAS_HELP,
  ALIAS_MAX_LENGTH,
  CAPABILITY_CHOICES,
  CONTEXT_WINDOW_MAX,
  DEFAULT_CURRENCY,
  DEPLOYMENTS_HELP,
  DEPLOYMENTS_MAX,
  DESCRIPTION_MAX_LENGTH,
  PRICE_MAX,
  PRIORITY_MAX,
  UPSTREAM_MODEL_MAX_LENGTH,
  WEIGHT_MAX,
  type Model,
  type ModelDeployment,
} from './types';

/** The form's values; an input left empty is null. */
export type ModelForm = Partial<Omit<Model, 'deployments'>> & {
  deployments?: Partial<ModelDeployment>[] | null;
};

const monospace = { '& input': { fontFamily: 'monospace' } };

// Number inputs carry no min/max/step attributes: the browser's own check would block the save with a
// bubble instead of react-admin's message under the input (the validators below say the same).
const integer = (value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? 'Enter a whole number.' : undefined;

const atMostDeployments = (value: unknown) =>
  Array.isArray(value) && value.length > DEPLOYMENTS_MAX
    ? `At most ${DEPLOYMENTS_MAX} deployments.`
    : undefined;

/** Everything but the tenant, in the shape the create and update calls share. */
export const toModelFields = (data: ModelForm) => ({
  alias: data.alias,
  description: data.description ?? '',
  capabilities: data.capabilities ?? [],
  contextWindow: data.contextWindow ?? null,
  inputPrice: data.inputPrice ?? null,
  outputPrice: data.outputPrice ?? null,
  cachedInputPrice: data.cachedInputPrice ?? null,
  currency: data.currency ? data.currency : DEFAULT_CURRENCY,
  deployments: (data.deployments ?? []).map((deployment) => ({
    providerId: deployment.providerId,
    upstreamModel: deployment.upstreamModel,
    weight: deployment.weight,
    priority: deployment.priority,
  })),
});

const providerOption = (provider: Provider) =>
  `${provider.name} · ${PROVIDER_TYPE_LABELS[provider.type]}${provider.tenantId === null ? ' · global' : ''}`;

/**
 * The providers a deployment may use: a global model sees only global providers; a tenant's model
 * sees what the caller can see, and the server refuses another tenant's provider on the field.
 */
// `source` is read by SimpleFormIterator for a new row's defaults.
const ProviderChoice = ({ source, tenantId }: { source: 'providerId'; tenantId: string | null }) => (
  <ReferenceInput
    source={source}
    reference="providers"
    filter={tenantId === null ? { tenantId: null } : {}}
    sort={{ field: 'name', order: 'ASC' }}
    perPage={100}
  >
    <SelectInput
      label="Provider"
      optionText={providerOption}
      validate={required('Choose the provider.')}
      helperText={false}
      sx={{ width: 300 }}
    />
  </ReferenceInput>
);

const Section = ({ title, children }: { title: string; children: string }) => (
  <Box sx={{ width: '100%', maxWidth: 960 }}>
    <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
      {title}
    </Typography>
    <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
      {children}
    </Typography>
  </Box>
);

const Row = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, width: '100%', maxWidth: 960 }}>{children}</Box>
);

const AddDeploymentButton = () => {
  const { add } = useSimpleFormIterator();
  return (
    <Button
      label="Add a deployment"
      onClick={() => {
        add();
      }}
    >
      <AddIcon />
    </Button>
  );
};

const priceInput = (source: 'inputPrice' | 'outputPrice' | 'cachedInputPrice', label: string) => (
  <NumberInput
    source={source}
    label={label}
    validate={[number(), minValue(0), maxValue(PRICE_MAX)]}
    helperText={false}
    sx={{ width: 180 }}
  />
);

/** Alias, description, capabilities, context window, prices and deployments (create and edit). */
export const ModelInputs = () => {
  const tenantId = useWatch<ModelForm, 'tenantId'>({ name: 'tenantId' });
  return (
    <>
      <TextInput
        source="alias"
        validate={[required(), maxLength(ALIAS_MAX_LENGTH)]}
        helperText={ALIAS_HELP}
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
        sx={{ maxWidth: 560, ...monospace }}
      />
      <TextInput
        source="description"
        multiline
        minRows={2}
        validate={maxLength(DESCRIPTION_MAX_LENGTH)}
        helperText="Shown to developers choosing a model."
        sx={{ maxWidth: 720 }}
      />
      <CheckboxGroupInput
        source="capabilities"
        choices={CAPABILITY_CHOICES}
        validate={required('Choose at least one capability.')}
        helperText="What callers may use it for."
      />
      <NumberInput
        source="contextWindow"
        label="Context window (tokens)"
        validate={[number(), integer, minValue(1), maxValue(CONTEXT_WINDOW_MAX)]}
        helperText="Optional: the most tokens a request and its answer may hold together."
        sx={{ maxWidth: 560 }}
      />
      <Section title="Prices">
        Per million tokens, for cost metering and budgets. Leave a price empty when it is not known.
      </Section>
      <Row>
        {priceInput('inputPrice', 'Input')}
        {priceInput('outputPrice', 'Output')}
        {priceInput('cachedInputPrice', 'Cached input')}
        <TextInput
          source="currency"
          validate={[required(), maxLength(3)]}
          helperText={false}
          slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'characters' } }}
          sx={{ width: 120, ...monospace }}
        />
      </Row>
      <Section title="Deployments">{DEPLOYMENTS_HELP}</Section>
      <ArrayInput source="deployments" label={false} validate={atMostDeployments} helperText={false}>
        <SimpleFormIterator inline disableReordering disableClear addButton={<AddDeploymentButton />}>
          <ProviderChoice source="providerId" tenantId={tenantId ? tenantId : null} />
          <TextInput
            source="upstreamModel"
            label="Upstream model"
            validate={[required(), maxLength(UPSTREAM_MODEL_MAX_LENGTH)]}
            helperText={false}
            slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
            sx={{ width: 240, ...monospace }}
          />
          <NumberInput
            source="weight"
            defaultValue={1}
            validate={[required(), number(), minValue(0), maxValue(WEIGHT_MAX)]}
            helperText={false}
            sx={{ width: 140 }}
          />
          <NumberInput
            source="priority"
            defaultValue={0}
            validate={[required(), number(), integer, minValue(0), maxValue(PRIORITY_MAX)]}
            helperText={false}
            sx={{ width: 140 }}
          />
        </SimpleFormIterator>
      </ArrayInput>
    </>
  );
};
