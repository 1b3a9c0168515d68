import { DeleteButton, WithRecord } from 'react-admin';
import { REVOKE_KEY_CONFIRM, type ApiKey } from './types';

/** Revoke while the key is not revoked yet (an expired key may still be revoked, for the record). */
export const RevokeKeyButton = ({ redirect = false }: { redirect?: false | 'list' }) => (
  <WithRecord<ApiKey>
    render={(key) =>
      key.status === 'revoked' ? null : (
        <DeleteButton
          label="Revoke"
          mutationMode="pessimistic"
          redirect={redirect}
          confirmTitle={`Revoke the API key "${key.name}"?`}
          confirmContent={REVOKE_KEY_CONFIRM}
        />
      )
    }
  />
);
