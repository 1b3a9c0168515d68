import { Fragment, type ReactNode } from 'react';
import { Layout, Menu, useResourceDefinitions } from 'react-admin';
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { ACCESS_EXPLAINER_PATH } from '../pages/access-explainer/path';

/** The explainer sits right after the resources it explains. */
const EXPLAINER_AFTER = 'grants';

/** react-admin's menu (dashboard, then every resource with a list) plus the access explainer. */
export const ConsoleMenu = () => {
  const resources = useResourceDefinitions();
  const listed = Object.keys(resources).filter((name) => resources[name]?.hasList);
  const explainer = (
    <Menu.Item to={ACCESS_EXPLAINER_PATH} primaryText="Access explainer" leftIcon={<ManageSearchIcon />} />
  );
  return (
    <Menu>
      <Menu.DashboardItem />
      {listed.map((name) => (
        <Fragment key={name}>
          <Menu.ResourceItem name={name} />
          {name === EXPLAINER_AFTER && explainer}
        </Fragment>
      ))}
      {!listed.includes(EXPLAINER_AFTER) && explainer}
    </Menu>
  );
};

export const ConsoleLayout = ({ children }: { children: ReactNode }) => (
  <Layout menu={ConsoleMenu}>{children}</Layout>
);
