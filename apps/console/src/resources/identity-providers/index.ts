import LoginIcon from '@mui/icons-material/Login';
import { IdentityProviderCreate } from './IdentityProviderCreate';
import { IdentityProviderEdit } from './IdentityProviderEdit';
import { IdentityProviderList } from './IdentityProviderList';
import { IdentityProviderShow } from './IdentityProviderShow';

export default {
  list: IdentityProviderList,
  create: IdentityProviderCreate,
  edit: IdentityProviderEdit,
  show: IdentityProviderShow,
  icon: LoginIcon,
  recordRepresentation: 'issuer',
};
