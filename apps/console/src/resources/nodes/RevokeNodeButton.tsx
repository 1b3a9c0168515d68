import { DeleteButton, WithRecord } from 'react-admin';
import { REVOKE_NODE_CONFIRM, type DataplaneNode } from './types';

/** Revoke while the node is not revoked yet. */
export const RevokeNodeButton = ({ redirect = false }: { redirect?: false | 'list' }) => (
  <WithRecord<DataplaneNode>
    render={(node) =>
      node.status === 'revoked' ? null : (
        <DeleteButton
          label="Revoke"
          mutationMode="pessimistic"
          redirect={redirect}
          confirmTitle={`Revoke the node "${node.name}"?`}
          confirmContent={REVOKE_NODE_CONFIRM}
        />
      )
    }
  />
);
