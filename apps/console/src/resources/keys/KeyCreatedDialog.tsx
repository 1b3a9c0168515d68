import { ReferenceField, RecordContextProvider } from 'react-admin';
import { Typography } from '@mui/material';
import { SecretCreatedDialog } from '../shared/SecretCreatedDialog';
import type { CreatedApiKey } from './types';

interface KeyCreatedDialogProps {
  apiKey: CreatedApiKey;
  onClose: () => void;
}

/** Shows a new API key once, with a copy button; closing it forgets the key. */
export const KeyCreatedDialog = ({ apiKey, onClose }: KeyCreatedDialogProps) => (
  <SecretCreatedDialog
    label={`API key "${apiKey.name}"`}
    secret={apiKey.key}
    what="API key"
    testId="new-api-key"
    onClose={onClose}
    warning={
      <>
        This is the only time the key is shown. Portcullis keeps only a keyed hash of it and cannot show it
        again; afterwards the console shows only its prefix, <code>{apiKey.prefix}…</code>. Put it in the
        caller&apos;s secret store now.
      </>
    }
  >
    <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
      Callers send it to the gateway as their API key (<code>Authorization: Bearer &lt;key&gt;</code>). It
      acts as{' '}
      {apiKey.owner.kind === 'application' ? (
        <>
          the application{' '}
          <RecordContextProvider value={apiKey}>
            <ReferenceField source="owner.id" reference="apps" link={false} />
          </RecordContextProvider>
        </>
      ) : (
        'you'
      )}
      , with the models granted to {apiKey.owner.kind === 'application' ? 'it' : 'you'} at each call
      {apiKey.scopeModels === null ? '' : `, limited to ${apiKey.scopeModels.join(', ')}`}
      {apiKey.expiresAt === null ? '' : `, until ${new Date(apiKey.expiresAt).toLocaleString()}`}.
    </Typography>
  </SecretCreatedDialog>
);
