import {
  AutocompleteInput,
  ReferenceField,
  ReferenceInput,
  useRecordContext,
  type Validator,
} from 'react-admin';
import { Typography } from '@mui/material';
import { useConsolePermissions } from '../../auth/use-console-permissions';

/** Tenants are picked by name; the autocomplete searches the tenants API's `q` (name or slug). */
const tenantSearch = (searchText: string) => (searchText ? { q: searchText } : {});

interface TenantInputProps {
  source?: string;
  label?: string;
  helperText?: string | false;
  validate?: Validator | Validator[];
  readOnly?: boolean;
  /** Called with the new tenant id, e.g. to clear inputs that depend on the tenant. */
  onTenantChange?: (tenantId: string | null) => void;
  autoFocus?: boolean;
}

/**
 * A tenant picker for forms: an autocomplete over the tenants the caller can see. For someone
 * working in one tenant at a time (the app bar's switcher) it is fixed to the current tenant.
 */
export const TenantInput = ({
  source = 'tenantId',
  label = 'Tenant',
  helperText,
  validate,
  readOnly,
  onTenantChange,
  autoFocus,
}: TenantInputProps) => {
  const current = useConsolePermissions().permissions?.tenantId ?? null;
  return (
    <ReferenceInput source={source} reference="tenants" sort={{ field: 'name', order: 'ASC' }} perPage={50}>
      <AutocompleteInput
        label={label}
        helperText={
          current === null ? helperText : 'The tenant you are working in (switch it in the app bar).'
        }
        validate={validate}
        readOnly={readOnly === true || current !== null}
        defaultValue={current ?? undefined}
        filterToQuery={tenantSearch}
        optionText="name"
        autoFocus={autoFocus}
        onChange={(value: unknown) => {
          onTenantChange?.(typeof value === 'string' && value !== '' ? value : null);
        }}
        sx={{ width: '100%', maxWidth: 560 }}
      />
    </ReferenceInput>
  );
};

/**
 * The tenant filter of a list. `source` and `alwaysOn` are read by react-admin's filter form from
 * this element's props. Absent for someone working in one tenant: the list is that tenant's.
 */
export const TenantFilter = (_props: { source: 'tenantId'; alwaysOn?: boolean }) =>
  useConsolePermissions().permissions?.tenantId == null ? <TenantFilterInput /> : null;

const TenantFilterInput = () => (
  <ReferenceInput source="tenantId" reference="tenants" sort={{ field: 'name', order: 'ASC' }} perPage={50}>
    <AutocompleteInput
      label="Tenant"
      helperText={false}
      filterToQuery={tenantSearch}
      optionText="name"
      sx={{ minWidth: 240 }}
    />
  </ReferenceInput>
);

interface TenantFieldProps {
  source?: string;
  /** Read by SimpleShowLayout and DataTable for the field's label. */
  label?: string;
  /** What to show when the record has no tenant (a global binding, a platform event). */
  noTenant?: string;
}

/**
 * The tenant's name, linking to it. A deleted tenant can no longer be read, so its id is shown
 * instead: an old audit event still says which tenant it was about.
 */
export const TenantField = ({ source = 'tenantId', noTenant = '—' }: TenantFieldProps) => {
  const record = useRecordContext();
  const value: unknown = record?.[source];
  const tenantId = typeof value === 'string' && value !== '' ? value : null;
  return (
    <ReferenceField
      source={source}
      reference="tenants"
      link="show"
      empty={
        <Typography component="span" variant="body2" color="text.secondary">
          {tenantId === null ? noTenant : `Deleted tenant (${tenantId.slice(0, 8)}…)`}
        </Typography>
      }
    />
  );
};
