import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import { RoleBindingCreate } from './RoleBindingCreate';
import { RoleBindingList } from './RoleBindingList';
import { RoleBindingShow } from './RoleBindingShow';
import { ROLE_LABELS, type RoleBinding } from './types';

// No edit: the API has none (remove the binding and grant another).
export default {
  list: RoleBindingList,
  create: RoleBindingCreate,
  show: RoleBindingShow,
  icon: AdminPanelSettingsIcon,
  recordRepresentation: (binding: RoleBinding) => ROLE_LABELS[binding.role],
};
