import {
  Button,
  DateField,
  DeleteButton,
  EditButton,
  Labeled,
  Link,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCreatePath,
  useRecordContext,
} from 'react-admin';
import { Chip, Stack, Typography } from '@mui/material';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import AppsIcon from '@mui/icons-material/Apps';
import GroupsIcon from '@mui/icons-material/Groups';
import HistoryIcon from '@mui/icons-material/History';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import PersonIcon from '@mui/icons-material/Person';
import VpnKeyIcon from '@mui/icons-material/VpnKey';
import {
  DELETE_TENANT_CONFIRM,
  JIT_PROVISIONING_HELP,
  ZERO_DATA_RETENTION_HELP,
  type Tenant,
  type TenantSettings,
} from './types';

const TenantShowTitle = () => {
  const record = useRecordContext<Tenant>();
  return <>{record ? `Tenant ${record.name}` : 'Tenant'}</>;
};

const TenantShowActions = () => (
  <TopToolbar>
    <EditButton />
    <DeleteButton
      mutationMode="pessimistic"
      confirmTitle="Delete this tenant?"
      confirmContent={DELETE_TENANT_CONFIRM}
    />
  </TopToolbar>
);

/** Links to the tenant's directory, access and audit events (lists filtered by tenant). */
const TenantLinks = (_props: { label?: string }) => {
  const record = useRecordContext<Tenant>();
  const createPath = useCreatePath();
  if (!record) return null;
  const filtered = (resource: string) =>
    `${createPath({ resource, type: 'list' })}?filter=${encodeURIComponent(JSON.stringify({ tenantId: record.id }))}`;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Button component={Link} to={filtered('users')} label="Users" variant="outlined">
        <PersonIcon />
      </Button>
      <Button component={Link} to={filtered('groups')} label="Groups" variant="outlined">
        <GroupsIcon />
      </Button>
      <Button component={Link} to={filtered('role-bindings')} label="Role bindings" variant="outlined">
        <AdminPanelSettingsIcon />
      </Button>
      <Button component={Link} to={filtered('apps')} label="Applications" variant="outlined">
        <AppsIcon />
      </Button>
      <Button component={Link} to={filtered('grants')} label="Grants" variant="outlined">
        <LockOpenIcon />
      </Button>
      <Button component={Link} to={filtered('keys')} label="API keys" variant="outlined">
        <VpnKeyIcon />
      </Button>
      <Button component={Link} to={filtered('audit')} label="Audit log" variant="outlined">
        <HistoryIcon />
      </Button>
    </Stack>
  );
};

const Setting = ({ setting, help }: { setting: keyof TenantSettings; help: string; label?: string }) => {
  const record = useRecordContext<Tenant>();
  const on = record?.settings[setting] === true;
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
      <Chip size="small" label={on ? 'On' : 'Off'} color={on ? 'success' : 'default'} variant="outlined" />
      <Typography variant="body2" color="text.secondary">
        {help}
      </Typography>
    </Stack>
  );
};

export const TenantShow = () => (
  <Show title={<TenantShowTitle />} actions={<TenantShowActions />}>
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="slug" sx={{ fontFamily: 'monospace' }} />
      <Labeled label="Zero data retention">
        <Setting setting="zeroDataRetention" help={ZERO_DATA_RETENTION_HELP} />
      </Labeled>
      <Labeled label="Create users at first sign-in (JIT provisioning)">
        <Setting setting="jitProvisioning" help={JIT_PROVISIONING_HELP} />
      </Labeled>
      <Labeled label="Directory, access and audit">
        <TenantLinks />
      </Labeled>
      <TextField source="id" sx={{ fontFamily: 'monospace' }} />
      <DateField source="createdAt" showTime />
      <DateField source="updatedAt" showTime />
    </SimpleShowLayout>
  </Show>
);
