import { AutocompleteInput, ReferenceInput, type Validator } from 'react-admin';
import { userRepresentation, type DirectoryUser } from '../users/types';

const search = (searchText: string) => (searchText ? { q: searchText } : {});

interface PrincipalInputProps {
  source: string;
  /** Only the users, groups or applications of this tenant; all the caller can see when null. */
  tenantId: string | null;
  label?: string;
  helperText?: string | false;
  validate?: Validator | Validator[];
}

const inTenant = (tenantId: string | null) => (tenantId ? { tenantId } : {});

const WIDE = { width: '100%', maxWidth: 560 } as const;

/** An application picker: searches the applications API's `q` (name). */
export const ApplicationInput = ({
  source,
  tenantId,
  label = 'Application',
  helperText,
  validate,
}: PrincipalInputProps) => (
  <ReferenceInput
    source={source}
    reference="apps"
    filter={inTenant(tenantId)}
    sort={{ field: 'name', order: 'ASC' }}
    perPage={50}
  >
    <AutocompleteInput
      label={label}
      validate={validate}
      filterToQuery={search}
      optionText="name"
      helperText={helperText}
      sx={WIDE}
    />
  </ReferenceInput>
);

/** A directory user picker: searches the users API's `q` (name or e-mail). */
export const UserInput = ({
  source,
  tenantId,
  label = 'User',
  helperText,
  validate,
}: PrincipalInputProps) => (
  <ReferenceInput
    source={source}
    reference="users"
    filter={inTenant(tenantId)}
    sort={{ field: 'userName', order: 'ASC' }}
    perPage={50}
  >
    <AutocompleteInput
      label={label}
      validate={validate}
      filterToQuery={search}
      optionText={(user: DirectoryUser) => userRepresentation(user)}
      helperText={helperText}
      sx={WIDE}
    />
  </ReferenceInput>
);

/** A directory group picker: searches the groups API's `q` (name). */
export const GroupInput = ({
  source,
  tenantId,
  label = 'Group',
  helperText,
  validate,
}: PrincipalInputProps) => (
  <ReferenceInput
    source={source}
    reference="groups"
    filter={inTenant(tenantId)}
    sort={{ field: 'displayName', order: 'ASC' }}
    perPage={50}
  >
    <AutocompleteInput
      label={label}
      validate={validate}
      filterToQuery={search}
      optionText="displayName"
      helperText={helperText}
      sx={WIDE}
    />
  </ReferenceInput>
);
