import {
  Admin,
  CustomRoutes,
  Resource,
  radiantDarkTheme,
  radiantLightTheme,
  reactRouterProvider,
} from 'react-admin';
import { i18nProvider } from './i18n/i18n-provider';
import { ConsoleLayout } from './layout/ConsoleLayout';
import { AccessExplainer } from './pages/access-explainer/AccessExplainer';
import { ACCESS_EXPLAINER_PATH } from './pages/access-explainer/path';
import { Dashboard } from './pages/Dashboard';
import { LoginPage } from './pages/LoginPage';
import { authProvider } from './providers/auth-provider';
import { dataProvider } from './providers/data-provider';
import apps from './resources/apps';
import audit from './resources/audit';
import grants from './resources/grants';
import groups from './resources/groups';
import identityProviders from './resources/identity-providers';
import enrollmentTokens from './resources/enrollment-tokens';
import keys from './resources/keys';
import models from './resources/models';
import nodes from './resources/nodes';
import personalAccessTokens from './resources/personal-access-tokens';
import providers from './resources/providers';
import roleBindings from './resources/role-bindings';
import scimTokens from './resources/scim-tokens';
import signingKeys from './resources/signing-keys';
import tenants from './resources/tenants';
import tokenIssuers from './resources/token-issuers';
import usage from './resources/usage';
import users from './resources/users';

// The router's own Route, as react-admin's router provider exposes it (no direct react-router import).
const { Route } = reactRouterProvider;

// Menus, routes and react-admin's buttons follow authProvider.canAccess (auth/capabilities.ts):
// a resource the caller's roles cannot list has no menu entry, and its buttons do not show.
export const App = () => (
  <Admin
    // React Admin otherwise calls a telemetry URL on load; the console talks only to its control plane.
    disableTelemetry
    title="Portcullis"
    authProvider={authProvider}
    dataProvider={dataProvider}
    i18nProvider={i18nProvider}
    loginPage={LoginPage}
    dashboard={Dashboard}
    layout={ConsoleLayout}
    theme={radiantLightTheme}
    darkTheme={radiantDarkTheme}
    requireAuth
  >
    <Resource name="tenants" {...tenants} />
    <Resource name="users" {...users} />
    <Resource name="groups" {...groups} />
    <Resource name="role-bindings" {...roleBindings} />
    <Resource name="identity-providers" {...identityProviders} />
    <Resource name="scim-tokens" {...scimTokens} />
    <Resource name="token-issuers" {...tokenIssuers} />
    <Resource name="providers" {...providers} />
    <Resource name="models" {...models} />
    <Resource name="apps" {...apps} />
    <Resource name="keys" {...keys} />
    <Resource name="grants" {...grants} />
    <Resource name="usage" {...usage} />
    <Resource name="audit" {...audit} />
    <Resource name="nodes" {...nodes} />
    <Resource name="enrollment-tokens" {...enrollmentTokens} />
    <Resource name="signing-keys" {...signingKeys} />
    <Resource name="personal-access-tokens" {...personalAccessTokens} />
    <CustomRoutes>
      <Route path={ACCESS_EXPLAINER_PATH} element={<AccessExplainer />} />
    </CustomRoutes>
  </Admin>
);
