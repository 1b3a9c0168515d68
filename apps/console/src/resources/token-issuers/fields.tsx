import { useRecordContext } from 'react-admin';
import { Chip, Stack, Typography } from '@mui/material';
import type { TokenIssuer } from './types';

const chips = (values: readonly string[]) => (
  <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
    {values.map((value) => (
      <Chip key={value} size="small" variant="outlined" label={value} sx={{ fontFamily: 'monospace' }} />
    ))}
  </Stack>
);

/** The audiences as chips. */
export const AudienceField = (_props: { source?: 'audience'; label?: string }) => {
  const record = useRecordContext<Pick<TokenIssuer, 'audience'>>();
  return record ? chips(record.audience) : null;
};

/** The algorithms as chips. */
export const AlgorithmsField = (_props: { source?: 'algorithms'; label?: string }) => {
  const record = useRecordContext<Pick<TokenIssuer, 'algorithms'>>();
  return record ? chips(record.algorithms) : null;
};

/** Each required claim as "claim ∈ a, b", or a sentence when none. */
export const RequiredClaimsField = (_props: { source?: 'requiredClaims'; label?: string }) => {
  const record = useRecordContext<Pick<TokenIssuer, 'requiredClaims'>>();
  if (!record) return null;
  if (record.requiredClaims.length === 0) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        None: a valid signature, issuer, audience and expiry are enough.
      </Typography>
    );
  }
  return chips(
    record.requiredClaims.map((requirement) => `${requirement.claim} ∈ ${requirement.anyOf.join(', ')}`),
  );
};

/** The groups claim, or where groups come from without one. */
export const GroupsClaimField = (_props: { source?: 'groupsClaim'; label?: string }) => {
  const record = useRecordContext<Pick<TokenIssuer, 'groupsClaim'>>();
  if (!record) return null;
  return record.groupsClaim ? (
    <Typography component="span" variant="body2" sx={{ fontFamily: 'monospace' }}>
      {record.groupsClaim}
    </Typography>
  ) : (
    <Typography component="span" variant="body2" color="text.secondary">
      None: groups come from the directory
    </Typography>
  );
};
