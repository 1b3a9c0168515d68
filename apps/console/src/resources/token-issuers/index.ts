import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { TokenIssuerCreate } from './TokenIssuerCreate';
import { TokenIssuerEdit } from './TokenIssuerEdit';
import { TokenIssuerList } from './TokenIssuerList';
import { TokenIssuerShow } from './TokenIssuerShow';

export default {
  list: TokenIssuerList,
  create: TokenIssuerCreate,
  edit: TokenIssuerEdit,
  show: TokenIssuerShow,
  icon: VerifiedUserIcon,
  recordRepresentation: 'issuer',
};
