import { DataTable, DateField, List, TopToolbar, useListContext } from 'react-admin';
import { Typography } from '@mui/material';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import UpgradeIcon from '@mui/icons-material/Upgrade';
import { ACTIONS_CELL, NO_WRAP } from '../shared/table';
import { AnnouncedField, KidField, SigningKeyStatusField } from './fields';
import { SigningKeyActionButton } from './SigningKeyActionButton';
import { PROMOTE_CONFIRM, ROTATE_CONFIRM, type SigningKey } from './types';

const SigningKeyActions = () => {
  const { data } = useListContext<SigningKey>();
  const hasNext = (data ?? []).some((key) => key.status === 'next');
  return (
    <TopToolbar sx={ACTIONS_CELL}>
      <SigningKeyActionButton
        action="rotate"
        label="Rotate"
        icon={<AutorenewIcon />}
        confirmTitle="Add a next signing key?"
        confirmContent={ROTATE_CONFIRM}
        done="Next signing key added: bundles announce it from the new revision on."
      />
      <SigningKeyActionButton
        action="promote"
        label="Promote"
        icon={<UpgradeIcon />}
        confirmTitle="Sign with the next key from now on?"
        confirmContent={PROMOTE_CONFIRM}
        done="Next key promoted: bundles are signed with it from now on."
        disabled={!hasNext}
      />
    </TopToolbar>
  );
};

const Column = DataTable.Col<SigningKey>;

// The API lists every key at once (no pagination, no Content-Range): see the data provider.
export const SigningKeyList = () => (
  <List
    title="Signing keys"
    sort={{ field: 'createdAt', order: 'DESC' }}
    pagination={false}
    actions={<SigningKeyActions />}
    exporter={false}
  >
    <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 2, maxWidth: 900 }}>
      Config bundles are signed with the active key; nodes trust the keys that bundles announce. To rotate:
      Rotate adds a next key that bundles announce; once every live node has applied that revision (see the
      rollout on Data-plane nodes), Promote makes it the signing key.
    </Typography>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <Column source="kid" label="Key id" disableSort>
        <KidField />
      </Column>
      <Column source="status" label="Status" disableSort>
        <SigningKeyStatusField />
      </Column>
      <Column source="announced" disableSort>
        <AnnouncedField />
      </Column>
      <Column source="createdAt" disableSort sx={NO_WRAP}>
        <DateField source="createdAt" showTime />
      </Column>
      <Column source="activatedAt" disableSort sx={NO_WRAP}>
        <DateField source="activatedAt" showTime emptyText="Not yet" />
      </Column>
      <Column source="retiredAt" disableSort sx={NO_WRAP}>
        <DateField source="retiredAt" showTime emptyText="—" />
      </Column>
    </DataTable>
  </List>
);
