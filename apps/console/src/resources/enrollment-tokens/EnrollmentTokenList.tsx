import {
  CreateButton,
  DataTable,
  DateField,
  DeleteButton,
  FilterButton,
  List,
  ReferenceField,
  SearchInput,
  SelectInput,
  TopToolbar,
  WithRecord,
} from 'react-admin';
import { Typography } from '@mui/material';
import ConfirmationNumberIcon from '@mui/icons-material/ConfirmationNumber';
import { EmptyState } from '../shared/EmptyState';
import { NoMatches } from '../shared/NoMatches';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { EnrollmentTokenPrefixField, EnrollmentTokenStatusField } from './fields';
import {
  ENROLLMENT_TOKEN_STATUS_CHOICES,
  REVOKE_ENROLLMENT_TOKEN_CONFIRM,
  type EnrollmentToken,
} from './types';

const CREATE_LABEL = 'Create an enrollment token';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search by name or prefix" />,
  <SelectInput
    key="status"
    source="status"
    choices={ENROLLMENT_TOKEN_STATUS_CHOICES}
    sx={{ minWidth: 200 }}
  />,
];

const ListActions = () => (
  <TopToolbar>
    <FilterButton />
    <CreateButton label={CREATE_LABEL} />
  </TopToolbar>
);

const EnrollmentTokenEmpty = () => (
  <EmptyState
    icon={ConfirmationNumberIcon}
    title="No enrollment tokens yet"
    action={<CreateButton variant="contained" label={CREATE_LABEL} />}
  >
    A data-plane node joins the fleet once, with an enrollment token (<code>pen_…</code>): create one, start
    the node with it, and the node appears under Data-plane nodes. A token is shown once, works for one node
    and expires after the hours you choose.
  </EmptyState>
);

const Column = DataTable.Col<EnrollmentToken>;

export const EnrollmentTokenList = () => (
  <List
    title="Enrollment tokens"
    sort={{ field: 'createdAt', order: 'DESC' }}
    perPage={25}
    filters={filters}
    actions={<ListActions />}
    exporter={false}
    empty={<EnrollmentTokenEmpty />}
  >
    <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 2 }}>
      Only a token&apos;s prefix is kept in view; the token itself was shown once, when it was created.
    </Typography>
    <DataTable
      bulkActionButtons={false}
      rowClick={false}
      empty={
        <NoMatches action={<CreateButton label={CREATE_LABEL} />}>
          No enrollment tokens match these filters.
        </NoMatches>
      }
    >
      <Column source="name" />
      <Column source="prefix" disableSort>
        <EnrollmentTokenPrefixField />
      </Column>
      <Column source="status" label="Status" disableSort>
        <EnrollmentTokenStatusField />
      </Column>
      <Column source="usedByNodeId" label="Node" disableSort>
        <ReferenceField
          source="usedByNodeId"
          reference="nodes"
          link="show"
          empty={
            <Typography component="span" variant="body2" color="text.secondary">
              —
            </Typography>
          }
        />
      </Column>
      <Column source="expiresAt" sx={NO_WRAP}>
        <DateField source="expiresAt" showTime />
      </Column>
      <Column source="createdAt" sx={NO_WRAP}>
        <DateField source="createdAt" showTime />
      </Column>
      <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
        <WithRecord<EnrollmentToken>
          render={(token) =>
            token.status === 'active' ? (
              <DeleteButton
                label="Revoke"
                mutationMode="pessimistic"
                redirect={false}
                confirmTitle={`Revoke the enrollment token "${token.name}"?`}
                confirmContent={REVOKE_ENROLLMENT_TOKEN_CONFIRM}
              />
            ) : null
          }
        />
      </Column>
    </DataTable>
  </List>
);
