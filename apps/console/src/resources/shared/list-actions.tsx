import { CreateButton, FilterButton, TopToolbar, useListContext } from 'react-admin';

/**
 * A list's create button that carries the list's tenant filter into the form, so "filter by
 * Acme, then Create" starts a record in Acme.
 */
export const CreateInTenantButton = ({ label }: { label?: string }) => {
  const filterValues = useListContext().filterValues as Record<string, unknown>;
  const tenantId = filterValues.tenantId;
  return (
    <CreateButton
      label={label}
      state={typeof tenantId === 'string' && tenantId !== '' ? { record: { tenantId } } : undefined}
    />
  );
};

/** Filter button (for the filters that are not always on) and a tenant-aware create button. */
export const TenantListActions = ({ createLabel }: { createLabel?: string }) => (
  <TopToolbar>
    <FilterButton />
    <CreateInTenantButton label={createLabel} />
  </TopToolbar>
);
