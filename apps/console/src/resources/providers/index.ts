import CloudIcon from '@mui/icons-material/Cloud';
import { ProviderCreate } from './ProviderCreate';
import { ProviderEdit } from './ProviderEdit';
import { ProviderList } from './ProviderList';
import { ProviderShow } from './ProviderShow';

export default {
  list: ProviderList,
  create: ProviderCreate,
  edit: ProviderEdit,
  show: ProviderShow,
  icon: CloudIcon,
  recordRepresentation: 'name',
};
