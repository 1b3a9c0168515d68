import HubIcon from '@mui/icons-material/Hub';
import { ModelCreate } from './ModelCreate';
import { ModelEdit } from './ModelEdit';
import { ModelList } from './ModelList';
import { ModelShow } from './ModelShow';

export default {
  list: ModelList,
  create: ModelCreate,
  edit: ModelEdit,
  show: ModelShow,
  icon: HubIcon,
  recordRepresentation: 'alias',
};
