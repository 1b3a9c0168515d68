import type { ReactNode } from 'react';
import { DeleteButton, EditButton, SaveButton, Toolbar, TopToolbar } from 'react-admin';

interface DeleteConfirmation {
  /** The question the confirmation dialog asks, e.g. "Stop trusting this issuer?". */
  confirmTitle: string;
  /** What deleting does, in the dialog's body. */
  confirmContent: string;
}

// Pessimistic: the record is gone when the dialog closes, and a refusal shows at once.
const ConfirmedDelete = ({ confirmTitle, confirmContent }: DeleteConfirmation) => (
  <DeleteButton mutationMode="pessimistic" confirmTitle={confirmTitle} confirmContent={confirmContent} />
);

/** A show page's actions: edit, and delete after confirmation (each shown only when allowed). */
export const EditDeleteActions = ({
  children,
  ...confirmation
}: DeleteConfirmation & { children?: ReactNode }) => (
  <TopToolbar>
    {children}
    <EditButton />
    <ConfirmedDelete {...confirmation} />
  </TopToolbar>
);

/** An edit form's toolbar: save on the left, delete after confirmation on the right. */
export const SaveDeleteToolbar = (confirmation: DeleteConfirmation) => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <ConfirmedDelete {...confirmation} />
  </Toolbar>
);
