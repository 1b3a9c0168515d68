import { useState, type ReactElement } from 'react';
import { Button, Confirm, useNotify, useRefresh } from 'react-admin';
import { API_URL, apiFetch } from '../../providers/http';

interface SigningKeyActionButtonProps {
  /** `rotate` or `promote`: `POST /api/v1/signing-keys/<action>`. */
  action: 'rotate' | 'promote';
  label: string;
  icon: ReactElement;
  confirmTitle: string;
  confirmContent: string;
  /** The notification once done. */
  done: string;
  disabled?: boolean;
}

/** A signing-key step (rotate, promote) behind a confirmation that explains it. */
export const SigningKeyActionButton = ({
  action,
  label,
  icon,
  confirmTitle,
  confirmContent,
  done,
  disabled,
}: SigningKeyActionButtonProps) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [running, setRunning] = useState(false);

  const confirm = async () => {
    setRunning(true);
    try {
      await apiFetch(`${API_URL}/signing-keys/${action}`, { method: 'POST' });
      notify(done, { type: 'success' });
      refresh();
    } catch (error: unknown) {
      notify(error instanceof Error ? error.message : `The key could not be ${action}d.`, { type: 'error' });
    } finally {
      setRunning(false);
      setOpen(false);
    }
  };

  return (
    <>
      <Button
        label={label}
        onClick={() => {
          setOpen(true);
        }}
        disabled={disabled === true || running}
      >
        {icon}
      </Button>
      <Confirm
        isOpen={open}
        loading={running}
        title={confirmTitle}
        content={confirmContent}
        confirm={label}
        onConfirm={() => void confirm()}
        onClose={() => {
          setOpen(false);
        }}
      />
    </>
  );
};
