import { PasswordInput, TextInput, maxLength, required } from 'react-admin';
import { urlFormat } from '../shared/url-format';
import { groupsClaimFormat, type IdentityProvider } from './types';

export type IdentityProviderForm = Partial<IdentityProvider> & { clientSecret?: string };

const monospace = { '& input': { fontFamily: 'monospace' } };
const noSpellCheck = { htmlInput: { spellCheck: false, autoCapitalize: 'none' } };

/** Issuer, client and groups claim; the secret is required on create and optional on edit. */
export const IdentityProviderInputs = ({ secretRequired }: { secretRequired: boolean }) => (
  <>
    <TextInput
      source="issuer"
      label="Issuer URL"
      validate={[required(), maxLength(512), urlFormat]}
      helperText="Exactly as the issuer names itself, e.g. https://acme.okta.com/oauth2/default (an Okta custom authorization server)."
      slotProps={noSpellCheck}
      sx={{ width: '100%', maxWidth: 720, ...monospace }}
    />
    <TextInput
      source="clientId"
      label="Client id"
      validate={[required(), maxLength(255)]}
      helperText="The console’s OIDC client at the IdP."
      slotProps={noSpellCheck}
      sx={{ maxWidth: 560, ...monospace }}
    />
    <PasswordInput
      source="clientSecret"
      label="Client secret"
      validate={secretRequired ? [required(), maxLength(1024)] : maxLength(1024)}
      helperText={
        secretRequired
          ? 'Stored encrypted and never shown again.'
          : 'Leave empty to keep the stored secret; type a new one to replace it.'
      }
      autoComplete="new-password"
      sx={{ maxWidth: 560 }}
    />
    <TextInput
      source="groupsClaim"
      label="Groups claim"
      validate={groupsClaimFormat}
      helperText="The claim that lists a person’s groups (role bindings to IdP groups match it). Default: groups."
      slotProps={noSpellCheck}
      sx={{ maxWidth: 560, ...monospace }}
    />
  </>
);
