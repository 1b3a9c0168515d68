import {
  CreateButton,
  DataTable,
  DateField,
  DeleteButton,
  List,
  TextField,
  TopToolbar,
  WithRecord,
  useListContext,
  useNotify,
} from 'react-admin';
import { Alert, Box, Button, Chip, Typography } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import KeyOffIcon from '@mui/icons-material/KeyOff';
import { EmptyState } from '../shared/EmptyState';
import { REVOKE_CONFIRM, tokenStatus, type PersonalAccessToken, type TokenStatus } from './types';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;

const TokenEmpty = () => (
  <EmptyState
    icon={KeyIcon}
    title="No personal access tokens yet"
    action={<CreateButton variant="contained" label="Create a token" />}
  >
    A personal access token lets a script or command-line tool call the admin API as you. Create one per tool;
    it is shown once, expires, and can be revoked at any time.
  </EmptyState>
);

/** A 403 here means the caller is not a person (the break-glass admin token): explain, do not alarm. */
const TokenListError = () => {
  const { error, refetch } = useListContext();
  if (statusOf(error) === 403) {
    return (
      <EmptyState icon={KeyOffIcon} title="Personal access tokens belong to a person">
        You are signed in with a credential that has no person behind it, such as the break-glass admin token.
        Sign in as yourself through your organisation&apos;s identity provider to create and manage your
        tokens.
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          The control plane answered: {error?.message}
        </Typography>
      </EmptyState>
    );
  }
  return (
    <Box sx={{ p: 3 }}>
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={() => void refetch()}>
            Retry
          </Button>
        }
      >
        {error?.message ?? 'The tokens could not be loaded.'}
      </Alert>
    </Box>
  );
};

const STATUS_COLORS: Record<TokenStatus, 'success' | 'default' | 'error'> = {
  active: 'success',
  expired: 'default',
  revoked: 'error',
};

const StatusField = (_props: { label?: string }) => (
  <WithRecord<PersonalAccessToken>
    render={(token) => {
      const status = tokenStatus(token);
      return <Chip size="small" variant="outlined" color={STATUS_COLORS[status]} label={status} />;
    }}
  />
);

const TokenActions = () => {
  const { error } = useListContext();
  // Without a person behind the credential, creating a token would only be refused.
  if (statusOf(error) === 403) return null;
  return (
    <TopToolbar>
      <CreateButton label="Create a token" />
    </TopToolbar>
  );
};

const Column = DataTable.Col<PersonalAccessToken>;

// The API returns all of the caller's tokens at once, newest first: no paging or sorting here.
export const PersonalAccessTokenList = () => {
  const notify = useNotify();
  return (
    <List
      title="Personal access tokens"
      perPage={500}
      pagination={false}
      exporter={false}
      actions={<TokenActions />}
      empty={<TokenEmpty />}
      error={<TokenListError />}
      queryOptions={{
        onError: (error: unknown) => {
          if (statusOf(error) !== 403) {
            notify(error instanceof Error ? error.message : 'The tokens could not be loaded.', {
              type: 'error',
            });
          }
        },
      }}
    >
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 2 }}>
        Only a token&apos;s prefix is kept in view; the token itself was shown once, when it was created.
      </Typography>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Column source="name" disableSort />
        <Column source="prefix" disableSort>
          <TextField source="prefix" sx={{ fontFamily: 'monospace' }} />
        </Column>
        <Column label="Status" disableSort>
          <StatusField />
        </Column>
        <Column source="expiresAt" disableSort sx={NO_WRAP}>
          <DateField source="expiresAt" showTime />
        </Column>
        <Column source="lastUsedAt" disableSort sx={NO_WRAP}>
          <DateField source="lastUsedAt" showTime emptyText="Never" />
        </Column>
        <Column source="createdAt" disableSort sx={NO_WRAP}>
          <DateField source="createdAt" showTime />
        </Column>
        <Column label="Actions" align="right" disableSort sx={ACTIONS_CELL}>
          <WithRecord<PersonalAccessToken>
            render={(token) =>
              token.revokedAt === null ? (
                <DeleteButton
                  label="Revoke"
                  mutationMode="pessimistic"
                  redirect={false}
                  confirmTitle={`Revoke the token "${token.name}"?`}
                  confirmContent={REVOKE_CONFIRM}
                />
              ) : null
            }
          />
        </Column>
      </DataTable>
    </List>
  );
};
