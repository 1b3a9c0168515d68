import GroupsIcon from '@mui/icons-material/Groups';
import { GroupCreate } from './GroupCreate';
import { GroupEdit } from './GroupEdit';
import { GroupList } from './GroupList';
import { GroupShow } from './GroupShow';

export default {
  list: GroupList,
  create: GroupCreate,
  edit: GroupEdit,
  show: GroupShow,
  icon: GroupsIcon,
  recordRepresentation: 'displayName',
};
