import { useRef, useState } from 'react';
import { useNotify } from 'react-admin';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  InputAdornment,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import type { CreatedPersonalAccessToken } from './types';

interface TokenCreatedDialogProps {
  token: CreatedPersonalAccessToken;
  onClose: () => void;
}

/** Shows a new token once, with a copy button; closing it forgets the token. */
export const TokenCreatedDialog = ({ token, onClose }: TokenCreatedDialogProps) => {
  const notify = useNotify();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      // The Clipboard API exists only in secure contexts (https, localhost).
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      inputRef.current?.select();
      notify('Copying is not allowed here: the token is selected, press Ctrl+C (⌘C on a Mac).', {
        type: 'warning',
      });
    }
  };

  return (
    <Dialog
      open
      // A click beside the dialog must not lose the token: it closes only through its button or Escape.
      onClose={(_event, reason) => {
        if (reason !== 'backdropClick') onClose();
      }}
      aria-labelledby="token-created-title"
      aria-describedby="token-created-warning"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="token-created-title">Copy your new token now</DialogTitle>
      <DialogContent>
        <Alert severity="warning" id="token-created-warning" sx={{ mb: 2 }}>
          This is the only time the token is shown. Portcullis keeps only a hash of it and cannot show it
          again; afterwards the console shows only its prefix, <code>{token.prefix}</code>. Store it in a
          password manager or your CI&apos;s secret store.
        </Alert>
        <TextField
          label={`Token "${token.name}"`}
          value={token.token}
          fullWidth
          inputRef={inputRef}
          onFocus={(event) => {
            event.target.select();
          }}
          slotProps={{
            htmlInput: { readOnly: true, spellCheck: false, 'data-testid': 'new-token' },
            input: {
              sx: { fontFamily: 'monospace' },
              endAdornment: (
                <InputAdornment position="end">
                  <Tooltip title={copied ? 'Copied' : 'Copy to the clipboard'}>
                    <IconButton
                      onClick={() => void copy()}
                      aria-label={copied ? 'Copied' : 'Copy the token'}
                      edge="end"
                    >
                      {copied ? <CheckIcon color="success" /> : <ContentCopyIcon />}
                    </IconButton>
                  </Tooltip>
                </InputAdornment>
              ),
            },
          }}
        />
        <Typography variant="body2" color="success.main" role="status" sx={{ minHeight: '1.5em', mt: 0.5 }}>
          {copied ? 'Copied to the clipboard.' : ''}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Use it as <code>Authorization: Bearer &lt;token&gt;</code>. It acts with your roles as they are at
          each call and expires on {new Date(token.expiresAt).toLocaleDateString()}.
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          {copied ? 'Done' : 'I have stored the token'}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
