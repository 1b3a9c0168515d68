import { useId } from 'react';
import { useLocation, useRedirect, useRefresh, useResourceDefinitions } from 'react-admin';
import { Box, ListItemText, MenuItem, TextField } from '@mui/material';
import { can, showsTenantSwitcher, switchedTo } from '../auth/capabilities';
import { storeChosenTenant } from '../auth/current-tenant';
import { useConsolePermissions } from '../auth/use-console-permissions';

const ROLE_NAMES: Record<string, string> = {
  'tenant-owner': 'owner',
  developer: 'developer',
  auditor: 'auditor',
};

/**
 * For people who hold roles in several tenants: which one the console works in. Every
 * tenant-scoped list and new record follows it (providers/data-provider.ts); the choice is
 * remembered in this browser. Hidden for a person of one tenant and for holders of a global role.
 */
export const TenantSwitcher = () => {
  const { permissions } = useConsolePermissions();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const location = useLocation();
  const resources = useResourceDefinitions();
  const labelId = useId();
  if (!permissions || !showsTenantSwitcher(permissions)) return null;

  const switchTo = (tenantId: string) => {
    if (tenantId === permissions.tenantId) return;
    storeChosenTenant(tenantId);
    // A record page belongs to the old tenant: go to its list, or home when the roles held in the
    // new tenant do not reach that list.
    const resource = location.pathname.split('/')[1] ?? '';
    if (resource in resources && can(switchedTo(permissions, tenantId), resource, 'list'))
      redirect('list', resource);
    else if (resource in resources) redirect('/');
    // Permissions, menus and every list are read again, now for the new tenant.
    refresh();
  };

  return (
    <Box sx={{ mr: 1 }}>
      <TextField
        select
        size="small"
        id={labelId}
        label="Current tenant"
        value={permissions.tenantId ?? ''}
        onChange={(event) => {
          switchTo(event.target.value);
        }}
        sx={{
          minWidth: 200,
          // Readable on the app bar in both themes.
          '& .MuiOutlinedInput-root': { bgcolor: 'background.paper' },
          '& .MuiInputLabel-root': {
            color: 'text.secondary',
            bgcolor: 'background.paper',
            px: 0.5,
            borderRadius: 1,
          },
        }}
        slotProps={{
          select: {
            renderValue: (value) => permissions.tenants.find((tenant) => tenant.id === value)?.name ?? '',
          },
        }}
      >
        {permissions.tenants.map((tenant) => (
          <MenuItem key={tenant.id} value={tenant.id}>
            <ListItemText
              primary={tenant.name}
              secondary={tenant.roles.map((role) => ROLE_NAMES[role] ?? role).join(', ')}
            />
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );
};
