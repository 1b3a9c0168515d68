import { usePermissions } from 'react-admin';
import { can, type Action, type ConsolePermissions } from './capabilities';

/** The permissions in force (authProvider.getPermissions), and a shortcut to ask about one action. */
export const useConsolePermissions = () => {
  const { permissions, isPending } = usePermissions<ConsolePermissions | null>();
  return {
    permissions: permissions ?? null,
    isPending,
    can: (resource: string, action: Action) => can(permissions, resource, action),
  };
};
