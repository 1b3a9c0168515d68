import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { KeyCreate } from './KeyCreate';
import { KeyList } from './KeyList';
import { KeyShow } from './KeyShow';
import type { ApiKey } from './types';

// No edit: a key is created once, then only revoked.
export default {
  list: KeyList,
  create: KeyCreate,
  show: KeyShow,
  icon: VpnKeyIcon,
  recordRepresentation: (key: ApiKey) => `${key.name} (${key.prefix}…)`,
};
