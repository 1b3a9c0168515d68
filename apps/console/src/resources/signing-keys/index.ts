import VerifiedIcon from '@mui/icons-material/Verified';
import { SigningKeyList } from './SigningKeyList';

// List only: keys are added by Rotate and promoted by Promote, from the list's toolbar.
export default {
  list: SigningKeyList,
  icon: VerifiedIcon,
};
