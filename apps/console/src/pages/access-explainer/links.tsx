import { Button, Link } from 'react-admin';
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { explainerPath, type ExplainTarget } from './path';

/** Opens the access explainer about this key, user or application. */
export const ExplainAccessButton = ({ target }: { target: ExplainTarget }) => (
  <Button component={Link} to={explainerPath(target)} label="Explain access">
    <ManageSearchIcon />
  </Button>
);
