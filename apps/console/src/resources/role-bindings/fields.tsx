import { ReferenceField, useRecordContext } from 'react-admin';
import { Box, Chip, Typography } from '@mui/material';
import GroupsIcon from '@mui/icons-material/Groups';
import PersonIcon from '@mui/icons-material/Person';
import BadgeIcon from '@mui/icons-material/Badge';
import { ROLE_LABELS, SUBJECT_TYPE_LABELS, isRole, type RoleBinding } from './types';

/** The binding's role as a chip; platform-admin stands out. */
export const RoleField = (_props: { source?: 'role'; label?: string }) => {
  const record = useRecordContext<Pick<RoleBinding, 'role'>>();
  if (!isRole(record?.role)) return null;
  return (
    <Chip
      size="small"
      label={ROLE_LABELS[record.role]}
      color={record.role === 'platform-admin' ? 'warning' : 'primary'}
      variant={record.role === 'platform-admin' ? 'filled' : 'outlined'}
    />
  );
};

const Missing = ({ what }: { what: string }) => (
  <Typography component="span" variant="body2" color="text.secondary">
    {`Deleted ${what}`}
  </Typography>
);

/** Who the binding names: a linked user or group, or an IdP group by name. */
export const SubjectField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<RoleBinding>();
  if (!record) return null;
  const Icon =
    record.subjectType === 'user' ? PersonIcon : record.subjectType === 'group' ? GroupsIcon : BadgeIcon;
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
      <Icon fontSize="small" color="action" titleAccess={SUBJECT_TYPE_LABELS[record.subjectType]} />
      {record.subjectType === 'idp-group' ? (
        <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace' }}>
          {record.subjectName}
        </Typography>
      ) : (
        <ReferenceField
          source="subjectId"
          reference={record.subjectType === 'user' ? 'users' : 'groups'}
          link="show"
          empty={<Missing what={record.subjectType} />}
        />
      )}
    </Box>
  );
};

export const SubjectTypeField = (_props: { label?: string; source?: 'subjectType' }) => {
  const record = useRecordContext<Pick<RoleBinding, 'subjectType'>>();
  if (!record) return null;
  return <>{SUBJECT_TYPE_LABELS[record.subjectType]}</>;
};
