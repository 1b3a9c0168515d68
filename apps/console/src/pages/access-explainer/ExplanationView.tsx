import {
  Alert,
  AlertTitle,
  Box,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@mui/material';
import BlockIcon from '@mui/icons-material/Block';
import ManageSearchIcon from '@mui/icons-material/ManageSearch';
import type { ExplainReason, Explanation } from './types';

/** ✓ or ✗ in a coloured circle: the check passed or denied the call. */
const Verdict = ({ ok }: { ok: boolean }) => (
  <Box
    component="span"
    role="img"
    aria-label={ok ? 'passed' : 'failed'}
    sx={{
      width: 28,
      height: 28,
      borderRadius: '50%',
      display: 'inline-flex',
      alignItems: 'center',
      justifyContent: 'center',
      fontWeight: 700,
      color: 'common.white',
      bgcolor: ok ? 'success.main' : 'error.main',
    }}
  >
    {ok ? '✓' : '✗'}
  </Box>
);

const ReasonItem = ({ reason }: { reason: ExplainReason }) => (
  <ListItem alignItems="flex-start" disableGutters data-testid="explain-reason">
    <ListItemIcon sx={{ minWidth: 44, mt: 0.5 }}>
      <Verdict ok={reason.ok} />
    </ListItemIcon>
    <ListItemText
      primary={reason.code}
      secondary={reason.message}
      slotProps={{
        primary: { sx: { fontFamily: 'monospace', fontWeight: 600 } },
        secondary: { sx: { overflowWrap: 'anywhere' } },
      }}
    />
  </ListItem>
);

const whoAsked = (explanation: Explanation): string => {
  const who = `${explanation.subject.kind === 'user' ? 'User' : 'Application'} ${explanation.subject.name}`;
  return explanation.key === null
    ? who
    : `API key ${explanation.key.name} (${explanation.key.prefix}…), acting as ${who.toLowerCase()},`;
};

/** Allowed or denied, and every check in the order the gateway makes them. */
export const ExplanationView = ({
  explanation,
  answeredAt,
}: {
  explanation: Explanation;
  answeredAt: Date;
}) => (
  <Box>
    <Alert
      severity={explanation.allowed ? 'success' : 'error'}
      variant="filled"
      // A denial reads as "blocked", not as a warning sign.
      icon={explanation.allowed ? undefined : <BlockIcon />}
      sx={{ '& .MuiAlert-icon': { fontSize: 36, alignItems: 'center' } }}
    >
      <AlertTitle sx={{ typography: 'h5', mb: 0.5 }}>{explanation.allowed ? 'Allowed' : 'Denied'}</AlertTitle>
      {whoAsked(explanation)} {explanation.allowed ? 'may call' : 'may not call'}{' '}
      <Box component="span" sx={{ fontFamily: 'monospace', fontWeight: 600 }}>
        {explanation.model}
      </Box>
      .
    </Alert>
    <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
      Checks, in the order the gateway makes them
    </Typography>
    <Typography variant="body2" color="text.secondary">
      One failed check denies the call. Answered at {answeredAt.toLocaleTimeString()} from the current grants.
    </Typography>
    <List component="ol" aria-label="Reasons" sx={{ pt: 0 }}>
      {explanation.reasons.map((reason, index) => (
        // The same code may appear twice (one per required claim), so the position is part of the key.
        <ReasonItem key={`${String(index)}-${reason.code}`} reason={reason} />
      ))}
    </List>
  </Box>
);

export const NoExplanationYet = () => (
  <Box sx={{ textAlign: 'center', py: 4, px: 2 }}>
    <ManageSearchIcon sx={{ fontSize: 64 }} color="disabled" aria-hidden />
    <Typography variant="h6" component="h2" gutterBottom>
      Why can (or can&apos;t) they call it?
    </Typography>
    <Typography color="text.secondary">
      Choose an API key, or a user or application, and a model, then Explain. The answer comes from the same
      policy the gateway enforces, over the tenant&apos;s grants as they are now, with every check it makes.
    </Typography>
  </Box>
);
