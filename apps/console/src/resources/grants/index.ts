import LockOpenIcon from '@mui/icons-material/LockOpen';
import { GrantCreate } from './GrantCreate';
import { GrantList } from './GrantList';
import { GrantShow } from './GrantShow';
import { ANY_MODEL, ANY_MODEL_LABEL, type Grant } from './types';

// No edit: the API has none (remove the grant and grant again).
export default {
  list: GrantList,
  create: GrantCreate,
  show: GrantShow,
  icon: LockOpenIcon,
  recordRepresentation: (grant: Grant) => (grant.model === ANY_MODEL ? ANY_MODEL_LABEL : grant.model),
};
