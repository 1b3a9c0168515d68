import { useState } from 'react';
import { Button, Link, useCreatePath, useRefresh } from 'react-admin';
import {
  Alert,
  AlertTitle,
  Box,
  Button as MuiButton,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@mui/material';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { API_URL, apiFetch } from '../../providers/http';
import { isVerifyResult, type VerifyAuditResult } from './types';

type Verification =
  | { state: 'running' }
  | { state: 'done'; result: VerifyAuditResult }
  | { state: 'forbidden'; message: string }
  | { state: 'failed'; message: string };

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;

const Hash = ({ value }: { value: string }) => (
  <Box component="code" sx={{ fontFamily: 'monospace', fontSize: 13, wordBreak: 'break-all' }}>
    {value}
  </Box>
);

const Outcome = ({ verification }: { verification: Verification }) => {
  const createPath = useCreatePath();
  switch (verification.state) {
    case 'running':
      return (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, py: 2 }} role="status">
          <CircularProgress size={24} aria-hidden />
          <Typography>Recomputing every event&apos;s hash and checking every link…</Typography>
        </Box>
      );
    case 'forbidden':
      return (
        <Alert severity="info">
          <AlertTitle>Only platform admins and global auditors can verify the trail</AlertTitle>
          {verification.message}
        </Alert>
      );
    case 'failed':
      return (
        <Alert severity="error">
          <AlertTitle>The verification could not run</AlertTitle>
          {verification.message}
        </Alert>
      );
    case 'done': {
      const { result } = verification;
      if (result.ok) {
        return (
          <Alert severity="success">
            <AlertTitle>The audit trail is intact</AlertTitle>
            <Typography variant="body2" sx={{ mb: 1 }}>
              All {result.checked} events were checked: every hash matches its event and every event links to
              the one before it.
              {result.lastSeq != null && ` The newest event checked is #${result.lastSeq}.`}
            </Typography>
            {result.lastHash && (
              <Typography variant="body2" component="div">
                Head hash (keep it to compare with a later check): <Hash value={result.lastHash} />
              </Typography>
            )}
          </Alert>
        );
      }
      return (
        <Alert severity="error">
          <AlertTitle>The audit trail is broken at event #{result.firstBrokenSeq}</AlertTitle>
          <Typography variant="body2" sx={{ mb: 1 }}>
            {result.reason === 'hash mismatch'
              ? 'Its content no longer matches its hash: it was edited after it was written.'
              : 'It does not link to the event before it: an event was removed, inserted or rewritten.'}{' '}
            The {result.checked} events before it are intact.
          </Typography>
          {result.firstBrokenId && (
            <Link to={createPath({ resource: 'audit', id: result.firstBrokenId, type: 'show' })}>
              Open event #{result.firstBrokenSeq}
            </Link>
          )}
        </Alert>
      );
    }
  }
};

/** `POST /api/v1/audit/verify`: walks the whole hash chain and says whether it is intact. */
export const VerifyIntegrityButton = () => {
  const refresh = useRefresh();
  const [verification, setVerification] = useState<Verification | null>(null);

  const verify = async () => {
    setVerification({ state: 'running' });
    try {
      const { json } = await apiFetch(`${API_URL}/audit/verify`, { method: 'POST' });
      if (!isVerifyResult(json)) throw new Error('The control plane returned an unexpected answer.');
      setVerification({ state: 'done', result: json });
      // The check is itself recorded (audit.verify): show it in the list.
      refresh();
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : 'The verification failed.';
      setVerification(
        statusOf(error) === 403 ? { state: 'forbidden', message } : { state: 'failed', message },
      );
    }
  };

  const running = verification?.state === 'running';
  return (
    <>
      <Button label="Verify integrity" onClick={() => void verify()} disabled={running}>
        <VerifiedUserIcon />
      </Button>
      <Dialog
        open={verification !== null}
        onClose={() => {
          if (!running) setVerification(null);
        }}
        aria-labelledby="verify-audit-title"
        maxWidth="sm"
        fullWidth
      >
        <DialogTitle id="verify-audit-title">Audit trail integrity</DialogTitle>
        <DialogContent>{verification && <Outcome verification={verification} />}</DialogContent>
        <DialogActions>
          <MuiButton
            onClick={() => {
              setVerification(null);
            }}
            disabled={running}
            variant="contained"
          >
            Close
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
};
