import { Typography } from '@mui/material';
import { SecretCreatedDialog } from '../shared/SecretCreatedDialog';
import type { CreatedPersonalAccessToken } from './types';

interface TokenCreatedDialogProps {
  token: CreatedPersonalAccessToken;
  onClose: () => void;
}

/** Shows a new token once, with a copy button; closing it forgets the token. */
export const TokenCreatedDialog = ({ token, onClose }: TokenCreatedDialogProps) => (
  <SecretCreatedDialog
    label={`Token "${token.name}"`}
    secret={token.token}
    onClose={onClose}
    warning={
      <>
        This is the only time the token is shown. Portcullis keeps only a hash of it and cannot show it again;
        afterwards the console shows only its prefix, <code>{token.prefix}</code>. Store it in a password
        manager or your CI&apos;s secret store.
      </>
    }
  >
    <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
      Use it as <code>Authorization: Bearer &lt;token&gt;</code>. It acts with your roles as they are at each
      call and expires on {new Date(token.expiresAt).toLocaleDateString()}.
    </Typography>
  </SecretCreatedDialog>
);
