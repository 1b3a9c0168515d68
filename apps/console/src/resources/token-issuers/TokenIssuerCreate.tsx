import { Create, SimpleForm, TextInput, maxLength, required } from 'react-admin';
import { Alert } from '@mui/material';
import { TenantInput } from '../shared/tenant-reference';
import { TokenIssuerInputs, toTokenIssuerFields, type TokenIssuerForm } from './TokenIssuerInputs';
import { urlFormat } from '../shared/url-format';
import { DEFAULT_ALGORITHMS } from './types';

const toCreateBody = (data: TokenIssuerForm) => ({
  tenantId: data.tenantId,
  issuer: data.issuer,
  ...toTokenIssuerFields(data),
});

export const TokenIssuerCreate = () => (
  // Pessimistic by nature (create): a refused URL lands on its field.
  <Create title="Trust a token issuer" redirect="show" transform={toCreateBody}>
    <SimpleForm defaultValues={{ algorithms: DEFAULT_ALGORITHMS, audience: [], requiredClaims: [] }}>
      <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
        Callers of this tenant may then send this IdP&apos;s access tokens to the gateway instead of an API
        key. The person or application a token names must exist in the tenant&apos;s directory, and every node
        checks the signature itself against the JWKS.
      </Alert>
      <TenantInput validate={required('Choose the tenant that trusts this issuer.')} />
      <TextInput
        source="issuer"
        label="Issuer URL"
        validate={[required(), maxLength(500), urlFormat]}
        helperText="Exactly as the issuer names itself in the iss claim, e.g. https://acme.okta.com/oauth2/default."
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
        sx={{ width: '100%', maxWidth: 720, '& input': { fontFamily: 'monospace' } }}
      />
      <TokenIssuerInputs />
    </SimpleForm>
  </Create>
);
