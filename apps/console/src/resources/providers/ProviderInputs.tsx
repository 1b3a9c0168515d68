import {
  NumberInput,
  PasswordInput,
  SelectInput,
  TextInput,
  maxLength,
  maxValue,
  minValue,
  number,
  required,
  type Validator,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import { Box, Typography } from '@mui/material';
import {
  ACCESS_KEY_ID_MAX_LENGTH,
  API_KEY_MAX_LENGTH,
  BASE_URL_EXAMPLES,
  BASE_URL_HELP,
  BASE_URL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PROVIDER_TYPE_CHOICES,
  SECRET_ACCESS_KEY_MAX_LENGTH,
  TIMEOUT_HELP,
  TIMEOUT_MAX_MS,
  TIMEOUT_MIN_MS,
  isProviderType,
  usesAwsKeys,
  type Provider,
  type ProviderCredentials,
  type ProviderOptions,
  type ProviderType,
} from './types';

/** The form's values: the record's fields plus the write-only credentials. */
export interface ProviderForm {
  tenantId?: string | null;
  name?: string;
  type?: ProviderType;
  baseUrl?: string;
  options?: ProviderOptions | null;
  credentials?: ProviderCredentials | null;
  /** Edit only: drop the stored credentials. */
  clearCredentials?: boolean;
  timeoutMs?: number | null;
}

const monospace = { '& input': { fontFamily: 'monospace' } };
const noAutofill = { htmlInput: { autoComplete: 'new-password', spellCheck: false } };

const whole = (value: unknown) =>
  typeof value === 'number' && !Number.isInteger(value) ? 'Enter a whole number of milliseconds.' : undefined;

/** Only what the chosen type uses: Azure's api-version, Bedrock's region, nothing for the others. */
export const optionsFor = (type: ProviderType | undefined, options: ProviderOptions | null | undefined) => {
  const out: ProviderOptions = {};
  if (type === 'azure-openai' && options?.apiVersion) out.apiVersion = options.apiVersion;
  if (type === 'bedrock' && options?.region) out.region = options.region;
  return out;
};

/** The credentials typed for the chosen type, or undefined when none was typed. */
export const credentialsFor = (
  type: ProviderType | undefined,
  credentials: ProviderCredentials | null | undefined,
): ProviderCredentials | undefined => {
  const out: ProviderCredentials = {};
  if (usesAwsKeys(type)) {
    if (credentials?.accessKeyId) out.accessKeyId = credentials.accessKeyId;
    if (credentials?.secretAccessKey) out.secretAccessKey = credentials.secretAccessKey;
  } else if (credentials?.apiKey) out.apiKey = credentials.apiKey;
  return Object.keys(out).length > 0 ? out : undefined;
};

// An AWS key pair is stored (and replaced) as a whole: half of one would not sign anything.
const bothAwsKeys =
  (other: 'accessKeyId' | 'secretAccessKey'): Validator =>
  (value: unknown, allValues: ProviderForm) => {
    const otherValue = allValues.credentials?.[other];
    return !value && otherValue ? 'Enter both AWS keys: they are stored together.' : undefined;
  };

const TypeAwareHelp = () => {
  const type = useWatch<ProviderForm, 'type'>({ name: 'type' });
  return (
    <>
      {BASE_URL_HELP}
      {isProviderType(type) && (
        <>
          {' '}
          E.g. <code>{BASE_URL_EXAMPLES[type]}</code>
        </>
      )}
    </>
  );
};

/** Name, type (fixed once created) and base URL. */
export const ProviderIdentityInputs = ({ typeReadOnly = false }: { typeReadOnly?: boolean }) => (
  <>
    <TextInput
      source="name"
      validate={[required(), maxLength(NAME_MAX_LENGTH)]}
      helperText="How the console names it, e.g. OpenAI (EU)."
      sx={{ maxWidth: 560 }}
    />
    <SelectInput
      source="type"
      choices={PROVIDER_TYPE_CHOICES}
      validate={required()}
      readOnly={typeReadOnly}
      helperText={typeReadOnly ? 'A provider’s type cannot be changed.' : 'The provider’s API dialect.'}
      sx={{ width: '100%', maxWidth: 560 }}
    />
    <TextInput
      source="baseUrl"
      label="Base URL"
      validate={[required(), maxLength(BASE_URL_MAX_LENGTH)]}
      helperText={<TypeAwareHelp />}
      slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
      sx={{ maxWidth: 560, ...monospace }}
    />
  </>
);

/** Azure's api-version or Bedrock's region: only for the type that has one. */
export const ProviderOptionsInputs = () => {
  const type = useWatch<ProviderForm, 'type'>({ name: 'type' });
  if (type === 'azure-openai') {
    return (
      <TextInput
        source="options.apiVersion"
        label="API version"
        validate={maxLength(32)}
        helperText="Azure OpenAI's api-version, e.g. 2024-10-21."
        sx={{ maxWidth: 560, ...monospace }}
      />
    );
  }
  if (type === 'bedrock') {
    return (
      <TextInput
        source="options.region"
        label="AWS region"
        validate={maxLength(32)}
        helperText="The region of the Bedrock endpoint, e.g. eu-west-1."
        sx={{ maxWidth: 560, ...monospace }}
      />
    );
  }
  return null;
};

/**
 * The write-only credentials: password inputs that are never filled from the server, which returns
 * only whether a credential is set and its last 4 characters (`stored`: the record, on edit).
 */
export const ProviderCredentialInputs = ({ stored }: { stored?: Provider }) => {
  const type = useWatch<ProviderForm, 'type'>({ name: 'type' });
  let keep = '';
  if (stored?.credentialsSet === true) {
    keep =
      stored.credentialsLast4 === null
        ? ' Leave empty to keep the stored one.'
        : ` Leave empty to keep the stored one (…${stored.credentialsLast4}).`;
  }
  return (
    <Box sx={{ width: '100%', maxWidth: 720 }}>
      <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
        Credentials
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Write-only: stored encrypted, sent to the data plane encrypted, and never shown again. The console
        shows only whether a credential is set and its last 4 characters.
      </Typography>
      {usesAwsKeys(type) ? (
        <>
          <PasswordInput
            source="credentials.accessKeyId"
            label="AWS access key id"
            validate={[maxLength(ACCESS_KEY_ID_MAX_LENGTH), bothAwsKeys('secretAccessKey')]}
            helperText={`The IAM key pair Portcullis signs Bedrock calls with.${keep}`}
            slotProps={noAutofill}
            sx={{ maxWidth: 560, ...monospace }}
          />
          <PasswordInput
            source="credentials.secretAccessKey"
            label="AWS secret access key"
            validate={[maxLength(SECRET_ACCESS_KEY_MAX_LENGTH), bothAwsKeys('accessKeyId')]}
            helperText={false}
            slotProps={noAutofill}
            sx={{ maxWidth: 560, ...monospace }}
          />
        </>
      ) : (
        <PasswordInput
          source="credentials.apiKey"
          label="API key"
          validate={maxLength(API_KEY_MAX_LENGTH)}
          helperText={`Sent to the provider with each call.${keep}`}
          slotProps={noAutofill}
          sx={{ maxWidth: 560, ...monospace }}
        />
      )}
    </Box>
  );
};

// No min/max/step attributes: the browser's own check would pre-empt the message under the input.
export const TimeoutInput = () => (
  <NumberInput
    source="timeoutMs"
    label="Timeout (ms)"
    validate={[required(), number(), whole, minValue(TIMEOUT_MIN_MS), maxValue(TIMEOUT_MAX_MS)]}
    helperText={TIMEOUT_HELP}
    sx={{ maxWidth: 560 }}
  />
);
