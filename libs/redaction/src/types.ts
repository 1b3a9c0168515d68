/**
 * Every entity type the engine knows, in the order used to break exact ties between detectors.
 *
 * @example
 * const types = body.types.filter((t): t is EntityType => (ENTITY_TYPES as readonly string[]).includes(t));
 */
export const ENTITY_TYPES = ['SECRET', 'CREDIT_CARD', 'EMAIL', 'IP_ADDRESS'] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * One detected entity as offsets into the scanned text (UTF-16 code units, `end` exclusive). It never
 * carries the matched value, so findings can be logged, stored and sent to the console as they are.
 */
export interface Finding {
  type: EntityType;
  start: number;
  end: number;
}

/** A detector yields candidate spans; the engine merges them. It must run in time linear in the text. */
export interface Detector {
  type: EntityType;
  find(text: string): Iterable<readonly [start: number, end: number]>;
  /** Canonical form of a matched value for hashing, so that the same entity written two ways hashes alike. */
  normalize?(value: string): string;
}
