import { ReferenceField, useRecordContext } from 'react-admin';
import { Box, Typography } from '@mui/material';
import AppsIcon from '@mui/icons-material/Apps';
import BusinessIcon from '@mui/icons-material/Business';
import GroupsIcon from '@mui/icons-material/Groups';
import PersonIcon from '@mui/icons-material/Person';
import { ANY_MODEL, ANY_MODEL_LABEL, SUBJECT_KIND_LABELS, type Grant, type GrantSubjectKind } from './types';

/** The granted alias, or "All models (*)". */
export const GrantModelField = (_props: { source?: 'model'; label?: string }) => {
  const record = useRecordContext<Pick<Grant, 'model'>>();
  if (!record) return null;
  if (record.model === ANY_MODEL) {
    return (
      <Typography component="span" variant="body2" sx={{ fontWeight: 500 }}>
        {ANY_MODEL_LABEL}
      </Typography>
    );
  }
  return (
    <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace' }}>
      {record.model}
    </Typography>
  );
};

const ICONS: Record<GrantSubjectKind, typeof PersonIcon> = {
  user: PersonIcon,
  group: GroupsIcon,
  application: AppsIcon,
  tenant: BusinessIcon,
};

const REFERENCES: Record<Exclude<GrantSubjectKind, 'tenant'>, string> = {
  user: 'users',
  group: 'groups',
  application: 'apps',
};

const Missing = ({ what }: { what: string }) => (
  <Typography component="span" variant="body2" color="text.secondary">
    {`Deleted ${what}`}
  </Typography>
);

/** Whom the grant names: a linked user, group or application, or everyone in the tenant. */
export const GrantSubjectField = (_props: { source?: 'subject'; label?: string }) => {
  const record = useRecordContext<Grant>();
  if (!record) return null;
  const { kind } = record.subject;
  const Icon = ICONS[kind];
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
      <Icon fontSize="small" color="action" titleAccess={SUBJECT_KIND_LABELS[kind]} />
      {kind === 'tenant' ? (
        <Typography component="span" variant="body2">
          {SUBJECT_KIND_LABELS.tenant}
        </Typography>
      ) : (
        <ReferenceField
          source="subject.id"
          reference={REFERENCES[kind]}
          link="show"
          empty={<Missing what={kind} />}
        />
      )}
    </Box>
  );
};

export const GrantSubjectKindField = (_props: { source?: 'subject'; label?: string }) => {
  const record = useRecordContext<Grant>();
  if (!record) return null;
  return <>{SUBJECT_KIND_LABELS[record.subject.kind]}</>;
};
