import { Admin, Resource, radiantDarkTheme, radiantLightTheme } from 'react-admin';
import { i18nProvider } from './i18n/i18n-provider';
import { Dashboard } from './pages/Dashboard';
import { LoginPage } from './pages/LoginPage';
import { authProvider } from './providers/auth-provider';
import { dataProvider } from './providers/data-provider';
import audit from './resources/audit';
import groups from './resources/groups';
import models from './resources/models';
import personalAccessTokens from './resources/personal-access-tokens';
import providers from './resources/providers';
import roleBindings from './resources/role-bindings';
import scimTokens from './resources/scim-tokens';
import tenants from './resources/tenants';
import users from './resources/users';

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
    theme={radiantLightTheme}
    darkTheme={radiantDarkTheme}
    requireAuth
  >
    <Resource name="tenants" {...tenants} />
    <Resource name="users" {...users} />
    <Resource name="groups" {...groups} />
    <Resource name="role-bindings" {...roleBindings} />
    <Resource name="scim-tokens" {...scimTokens} />
    <Resource name="providers" {...providers} />
    <Resource name="models" {...models} />
    <Resource name="audit" {...audit} />
    <Resource name="personal-access-tokens" {...personalAccessTokens} />
  </Admin>
);
