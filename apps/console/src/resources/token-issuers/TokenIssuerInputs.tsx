import {
  ArrayInput,
  AutocompleteArrayInput,
  SimpleFormIterator,
  TextArrayInput,
  TextInput,
  maxLength,
  required,
} from 'react-admin';
import {
  ALGORITHMS,
  MAX_AUDIENCES,
  MAX_REQUIRED_CLAIMS,
  atLeastOne,
  atMost,
  type ClaimRequirement,
  type TokenIssuer,
} from './types';
import { urlFormat } from '../shared/url-format';

export type TokenIssuerForm = Partial<Omit<TokenIssuer, 'groupsClaim'>> & { groupsClaim?: string | null };

const monospace = { '& input': { fontFamily: 'monospace' } };
const noSpellCheck = { htmlInput: { spellCheck: false, autoCapitalize: 'none' } };
const ALGORITHM_CHOICES = ALGORITHMS.map((algorithm) => ({ id: algorithm, name: algorithm }));

/** The fields create and edit both send; an empty groups claim means "take groups from the directory". */
export const toTokenIssuerFields = (data: TokenIssuerForm) => ({
  audience: data.audience ?? [],
  jwksUri: data.jwksUri ?? '',
  groupsClaim: data.groupsClaim ? data.groupsClaim : null,
  requiredClaims: (data.requiredClaims ?? []).map(
    (requirement: Partial<ClaimRequirement>): ClaimRequirement => ({
      claim: requirement.claim ?? '',
      anyOf: requirement.anyOf ?? [],
    }),
  ),
  algorithms: data.algorithms ?? [],
});

/** Audiences, JWKS, groups claim, required claims and algorithms (the issuer itself is fixed after creation). */
export const TokenIssuerInputs = () => (
  <>
    <TextArrayInput
      source="audience"
      label="Audiences"
      validate={[
        required('List the audience your IdP puts in tokens meant for the gateway.'),
        atMost(MAX_AUDIENCES, 'audiences'),
      ]}
      helperText="The aud values a token must carry, e.g. api://portcullis. Type one and press Enter."
      sx={{ width: '100%', maxWidth: 560, ...monospace }}
    />
    <TextInput
      source="jwksUri"
      label="JWKS URL"
      validate={[required(), maxLength(1000), urlFormat]}
      helperText="Where nodes fetch the issuer’s signing keys, e.g. https://acme.okta.com/oauth2/default/v1/keys."
      slotProps={noSpellCheck}
      sx={{ width: '100%', maxWidth: 720, ...monospace }}
    />
    <TextInput
      source="groupsClaim"
      label="Groups claim"
      validate={maxLength(100)}
      helperText="Optional: the claim that lists the caller’s groups, e.g. groups. Empty: groups come from the directory."
      slotProps={noSpellCheck}
      sx={{ maxWidth: 560, ...monospace }}
    />
    <AutocompleteArrayInput
      source="algorithms"
      label="Signature algorithms"
      choices={ALGORITHM_CHOICES}
      validate={atLeastOne('algorithm')}
      helperText="Tokens signed otherwise are refused. Never none or an HMAC."
      sx={{ width: '100%', maxWidth: 560 }}
    />
    <ArrayInput
      source="requiredClaims"
      label="Required claims"
      validate={atMost(MAX_REQUIRED_CLAIMS, 'required claims')}
      helperText="Optional: claims every token must carry, e.g. amr one of mfa, hwk."
      sx={{ maxWidth: 720 }}
    >
      <SimpleFormIterator inline disableReordering disableClear>
        <TextInput
          source="claim"
          label="Claim"
          validate={[required(), maxLength(100)]}
          helperText={false}
          slotProps={noSpellCheck}
          sx={{ width: 180, ...monospace }}
        />
        <TextArrayInput
          source="anyOf"
          label="One of"
          validate={[required(), atMost(20, 'values')]}
          helperText={false}
          sx={{ width: 360, ...monospace }}
        />
      </SimpleFormIterator>
    </ArrayInput>
  </>
);
