import { useGetList } from 'react-admin';
import type { Model } from './types';

export interface AliasChoice {
  id: string;
  name: string;
}

/** The most models one page of the admin API returns. */
const MAX_MODELS = 500;

/**
 * The model aliases a tenant can call, for pickers: the global catalog plus the tenant's own
 * models, each alias once (a tenant's model shadows a global one of the same alias). Without a
 * tenant, every alias the caller can see.
 */
export const aliasChoices = (models: readonly Model[], tenantId: string | null): AliasChoice[] => {
  const aliases = new Set<string>();
  for (const model of models) {
    if (tenantId === null || model.tenantId === null || model.tenantId === tenantId) aliases.add(model.alias);
  }
  return [...aliases].sort((a, b) => a.localeCompare(b)).map((alias) => ({ id: alias, name: alias }));
};

export const useModelAliases = (tenantId: string | null) => {
  const { data, isPending, error } = useGetList<Model>('models', {
    pagination: { page: 1, perPage: MAX_MODELS },
    sort: { field: 'alias', order: 'ASC' },
  });
  return { choices: aliasChoices(data ?? [], tenantId), isPending, error };
};
