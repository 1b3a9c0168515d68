import { REDACTION_ENTITY_TYPES, type RedactionEntityType } from '@portcullis/contracts';

/**
 * Every built-in entity type, in the order used to break exact ties between detectors.
 *
 * @example
 * const types = body.types.filter((t): t is EntityType => (ENTITY_TYPES as readonly string[]).includes(t));
 */
export const ENTITY_TYPES: readonly RedactionEntityType[] = REDACTION_ENTITY_TYPES;

export type EntityType = RedactionEntityType;

/**
 * One detected entity as offsets into the scanned text (UTF-16 code units, `end` exclusive). It never
 * carries the matched value, so findings can be logged, stored and sent to the console as they are.
 */
export interface Finding {
  type: EntityType;
  start: number;
  end: number;
}

/** What every detector of one scan shares: cheap facts about the text, computed once. */
export interface ScanContext {
  /** ISO 3166 region for phone numbers without a country code. */
  defaultRegion: string;
  hasDigit: boolean;
}

/** A detector yields candidate spans; the engine merges them. It must run in time linear in the text. */
export interface Detector {
  type: EntityType;
  find(text: string, context: ScanContext): Iterable<readonly [start: number, end: number]>;
  /** Canonical form of a matched value, so that the same entity written two ways hashes and numbers alike. */
  normalize?(value: string): string;
}
