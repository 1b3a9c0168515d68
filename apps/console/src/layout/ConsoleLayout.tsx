import { Fragment, type ReactNode } from 'react';
import {
  AppBar,
  Layout,
  LoadingIndicator,
  Menu,
  TitlePortal,
  ToggleThemeButton,
  useResourceDefinitions,
} from 'react-admin';
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import { useConsolePermissions } from '../auth/use-console-permissions';
import { ACCESS_EXPLAINER_PATH } from '../pages/access-explainer/path';
import { TenantSwitcher } from './TenantSwitcher';

/** The explainer sits right after the resources it explains. */
const EXPLAINER_AFTER = 'grants';

/**
 * react-admin's menu (dashboard, then every resource with a list the caller may read: each
 * ResourceItem asks authProvider.canAccess) plus the access explainer for those who may ask.
 */
export const ConsoleMenu = () => {
  const resources = useResourceDefinitions();
  const { can } = useConsolePermissions();
  const listed = Object.keys(resources).filter((name) => resources[name]?.hasList);
  const explainer = can('access-explainer', 'explain') ? (
    <Menu.Item to={ACCESS_EXPLAINER_PATH} primaryText="Access explainer" leftIcon={<ManageSearchIcon />} />
  ) : null;
  const explainerPlaced = listed.includes(EXPLAINER_AFTER) && can(EXPLAINER_AFTER, 'list');
  return (
    <Menu>
      <Menu.DashboardItem />
      {listed.map((name) => (
        <Fragment key={name}>
          <Menu.ResourceItem name={name} />
          {name === EXPLAINER_AFTER && explainerPlaced && explainer}
        </Fragment>
      ))}
      {!explainerPlaced && explainer}
    </Menu>
  );
};

/** react-admin's app bar with the tenant switcher before the theme toggle. */
const ConsoleAppBar = () => (
  <AppBar
    toolbar={
      <>
        <TenantSwitcher />
        <ToggleThemeButton />
        <LoadingIndicator />
      </>
    }
  >
    <TitlePortal />
  </AppBar>
);

export const ConsoleLayout = ({ children }: { children: ReactNode }) => (
  <Layout menu={ConsoleMenu} appBar={ConsoleAppBar}>
    {children}
  </Layout>
);
