import KeyIcon from '@mui/icons-material/Key';
import { PersonalAccessTokenCreate } from './PersonalAccessTokenCreate';
import { PersonalAccessTokenList } from './PersonalAccessTokenList';
import type { PersonalAccessToken } from './types';

// The caller's own tokens: no show or edit (a token is created once, then only revoked).
export default {
  list: PersonalAccessTokenList,
  create: PersonalAccessTokenCreate,
  icon: KeyIcon,
  recordRepresentation: (token: PersonalAccessToken) => `${token.name} (${token.prefix}…)`,
};
