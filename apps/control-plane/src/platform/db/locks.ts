/**
 * One transaction-scoped advisory lock serialises everything that must be ordered across the
 * control plane: the audit chain and the config revision counter. Sharing one key means a
 * transaction that records both can never deadlock against another that takes them in the
 * other order (PostgreSQL advisory locks are re-entrant within a session).
 */
export const CHANGE_LOCK_KEY = 7_305_119_002;
