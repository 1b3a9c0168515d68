import { AutocompleteArrayInput, ReferenceArrayInput } from 'react-admin';
import { userRepresentation, type DirectoryUser } from '../users/types';

const search = (searchText: string) => (searchText ? { q: searchText } : {});

/** The group's members: users of the same tenant only (the API refuses others). */
export const MembersInput = ({ tenantId, readOnly }: { tenantId: string | null; readOnly?: boolean }) => (
  <ReferenceArrayInput
    source="memberIds"
    reference="users"
    filter={tenantId ? { tenantId } : {}}
    sort={{ field: 'userName', order: 'ASC' }}
    perPage={50}
    enableGetChoices={() => tenantId !== null}
  >
    <AutocompleteArrayInput
      label="Members"
      filterToQuery={search}
      optionText={(user: DirectoryUser) => userRepresentation(user)}
      readOnly={readOnly}
      disabled={tenantId === null}
      helperText={
        tenantId === null
          ? 'Choose the tenant first: members are users of the same tenant.'
          : 'Type to search the tenant\u2019s users by name or e-mail.'
      }
      sx={{ width: '100%', maxWidth: 560 }}
    />
  </ReferenceArrayInput>
);
