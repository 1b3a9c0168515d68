// Mirrors the admin API's signing key (apps/control-plane config-publisher/signing-keys.controller.ts).
export type SigningKeyStatus = 'next' | 'active' | 'retired';

export interface SigningKey {
  /** The data provider copies `kid` here: react-admin needs an `id`. */
  id: string;
  kid: string;
  status: SigningKeyStatus;
  /** The Ed25519 public key (JWK). */
  publicJwk: Record<string, string>;
  /** Still listed in bundles for nodes to trust. */
  announced: boolean;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
}

export const ROTATE_CONFIRM =
  'Rotation has two steps, so that no node is ever asked to trust a key it has not seen. This first step adds a next key: from the new revision on, bundles announce it, still signed with the active key. Promote it only once every live node has applied that revision (see the rollout on Data-plane nodes). A next key not yet promoted is replaced.';

export const PROMOTE_CONFIRM =
  'Bundles are signed with the next key from now on. Do this only after every live node has applied the revision that announced it (see the rollout on Data-plane nodes): a node that has not would refuse the new bundles. The active key is retired and stays announced for an hour.';
