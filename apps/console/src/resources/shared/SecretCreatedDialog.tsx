import { useId, useRef, useState, type ReactNode } from 'react';
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

interface CopyableValueProps {
  label: string;
  value: string;
  /** What the value is, for the copy button and messages: "token", "SCIM base URL". */
  what: string;
  testId?: string;
  onCopied?: () => void;
  /** Wraps a long value (a command) over several lines instead of scrolling it. */
  multiline?: boolean;
}

/** A read-only value with a copy button; when the clipboard is refused, the value is selected instead. */
export const CopyableValue = ({ label, value, what, testId, onCopied, multiline }: CopyableValueProps) => {
  const notify = useNotify();
  const inputRef = useRef<HTMLInputElement | HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      // The Clipboard API exists only in secure contexts (https, localhost).
      await navigator.clipboard.writeText(value);
      setCopied(true);
      onCopied?.();
    } catch {
      inputRef.current?.select();
      notify(`Copying is not allowed here: the ${what} is selected, press Ctrl+C (⌘C on a Mac).`, {
        type: 'warning',
      });
    }
  };

  return (
    <>
      <TextField
        label={label}
        value={value}
        fullWidth
        multiline={multiline}
        inputRef={inputRef}
        onFocus={(event) => {
          event.target.select();
        }}
        slotProps={{
          htmlInput: { readOnly: true, spellCheck: false, 'data-testid': testId },
          input: {
            sx: { fontFamily: 'monospace' },
            endAdornment: (
              <InputAdornment position="end">
                <Tooltip title={copied ? 'Copied' : 'Copy to the clipboard'}>
                  <IconButton
                    onClick={() => void copy()}
                    aria-label={copied ? 'Copied' : `Copy the ${what}`}
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
    </>
  );
};

interface SecretCreatedDialogProps {
  /** The field's label, e.g. `Token "release automation"`. */
  label: string;
  secret: string;
  /** Why it is shown only now, and what the console shows afterwards. */
  warning: ReactNode;
  /** How to use it; further copyable values (a URL) go here too. */
  children?: ReactNode;
  onClose: () => void;
  /** What the secret is, for the title, the copy button and the close button. */
  what?: string;
  testId?: string;
}

/**
 * Shows a new secret (a token) once, with a copy button; closing it forgets the secret. The
 * caller keeps the secret in its own state only, never in react-admin's cache.
 */
export const SecretCreatedDialog = ({
  label,
  secret,
  warning,
  children,
  onClose,
  what = 'token',
  testId = 'new-token',
}: SecretCreatedDialogProps) => {
  const [copied, setCopied] = useState(false);
  const titleId = useId();
  const warningId = useId();
  return (
    <Dialog
      open
      // A click beside the dialog must not lose the token: it closes only through its button or Escape.
      onClose={(_event, reason) => {
        if (reason !== 'backdropClick') onClose();
      }}
      aria-labelledby={titleId}
      aria-describedby={warningId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={titleId}>Copy your new {what} now</DialogTitle>
      <DialogContent>
        <Alert severity="warning" id={warningId} sx={{ mb: 2 }}>
          {warning}
        </Alert>
        <CopyableValue
          label={label}
          value={secret}
          what={what}
          testId={testId}
          onCopied={() => {
            setCopied(true);
          }}
        />
        {children}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          {copied ? 'Done' : `I have stored the ${what}`}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
