import ConfirmationNumberIcon from '@mui/icons-material/ConfirmationNumber';
import { EnrollmentTokenCreate } from './EnrollmentTokenCreate';
import { EnrollmentTokenList } from './EnrollmentTokenList';
import type { EnrollmentToken } from './types';

// No show or edit: a token is created once, then used by one node or revoked.
export default {
  list: EnrollmentTokenList,
  create: EnrollmentTokenCreate,
  icon: ConfirmationNumberIcon,
  recordRepresentation: (token: EnrollmentToken) => `${token.name} (${token.prefix}…)`,
};
