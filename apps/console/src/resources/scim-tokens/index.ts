import SyncLockIcon from '@mui/icons-material/SyncLock';
import { ScimTokenCreate } from './ScimTokenCreate';
import { ScimTokenList } from './ScimTokenList';
import type { ScimToken } from './types';

// No show or edit: a token is created once, then only revoked.
export default {
  list: ScimTokenList,
  create: ScimTokenCreate,
  icon: SyncLockIcon,
  recordRepresentation: (token: ScimToken) => `${token.name} (${token.prefix}…)`,
};
