import type { EntityManager } from 'typeorm';

/** What changed, as the data plane's configuration sees it. */
export interface ConfigChange {
  /** The tenant whose configuration changed; null for global configuration. */
  tenantId: string | null;
  /** The kind of object: `tenant`, `user`, `group`, `role-binding`, `identity-provider`, … */
  entity: string;
  entityId: string;
  op: 'created' | 'updated' | 'deleted' | 'deactivated' | 'reactivated' | 'members-changed';
  /** For a group's `members-changed`: the users who joined or left. */
  relatedIds?: readonly string[];
}

/**
 * The one global revision counter of the configuration the data plane enforces. Every committed
 * change that the data plane must see bumps it, in the same transaction as the change, and is
 * logged so the publisher can compute a delta from any recent revision. Revisions commit in order:
 * a reader never sees revision N+1 before N.
 */
export interface ConfigRevisions {
  bump(manager: EntityManager, change: ConfigChange): Promise<number>;
}

/** Injection token of ConfigRevisions. */
export const CONFIG_REVISIONS = Symbol('CONFIG_REVISIONS');
