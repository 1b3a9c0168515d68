import { createHmac } from 'node:crypto';
import { DETECTORS } from './detectors.js';
import { ENTITY_TYPES, type Detector, type EntityType, type Finding } from './types.js';

export interface DetectOptions {
  /** Entity types to look for; all of them when omitted. */
  types?: readonly EntityType[];
}

export type RedactOptions =
  | { mode: 'mask'; types?: readonly EntityType[] }
  | {
      mode: 'hash';
      types?: readonly EntityType[];
      /** Required: an unkeyed hash of a card number or an email can be reversed by guessing. */
      hashKey: string | Uint8Array;
    };

export interface RedactResult {
  text: string;
  /** Offsets into the original text, not into the redacted one. */
  findings: Finding[];
}

const HASH_HEX_CHARS = 10;
const TYPE_RANK = new Map<EntityType, number>(ENTITY_TYPES.map((type, i) => [type, i]));

/**
 * Finds sensitive entities in `text`. Overlaps are resolved deterministically: the longest span wins, then
 * the earliest, then the type listed first in `ENTITY_TYPES`. Findings come back sorted by `start` and never
 * overlap.
 *
 * @example
 * detect('Mail bob@example.com from 10.0.0.1');
 * // [{ type: 'EMAIL', start: 5, end: 20 }, { type: 'IP_ADDRESS', start: 26, end: 34 }]
 */
export function detect(text: string, options: DetectOptions = {}): Finding[] {
  const candidates: Finding[] = [];
  for (const detector of selectDetectors(options.types)) {
    for (const [start, end] of detector.find(text)) {
      if (end > start) candidates.push({ type: detector.type, start, end });
    }
  }
  return resolveOverlaps(candidates, text.length);
}

/**
 * Replaces every finding with `[TYPE]` (mode `mask`) or `[TYPE:<10 hex of HMAC-SHA-256>]` (mode `hash`).
 * Hashes are computed on a normalized value (lower-case email, card digits without separators), so the same
 * entity gets the same token however it was written, and can be correlated without being revealed.
 *
 * @example
 * redact('Card 4111 1111 1111 1111', { mode: 'mask' }).text; // 'Card [CREDIT_CARD]'
 * redact('bob@example.com', { mode: 'hash', hashKey: tenantSecret }).text; // '[EMAIL:3f2a9c01be]'
 */
export function redact(text: string, options: RedactOptions): RedactResult {
  const replace = replacer(options);
  const findings = detect(text, { types: options.types });
  const parts: string[] = [];
  let cursor = 0;
  for (const finding of findings) {
    parts.push(text.slice(cursor, finding.start), replace(finding, text.slice(finding.start, finding.end)));
    cursor = finding.end;
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), findings };
}

function replacer(options: RedactOptions): (finding: Finding, value: string) => string {
  if (options.mode === 'mask') return (finding) => `[${finding.type}]`;
  if ((options.mode as string) !== 'hash') throw new TypeError('redact: mode must be "mask" or "hash".');
  const key = options.hashKey as string | Uint8Array | undefined;
  if (key === undefined || key.length === 0) {
    throw new TypeError('redact: mode "hash" needs a non-empty hashKey.');
  }
  return (finding, value) => {
    const normalized = detectorFor(finding.type).normalize?.(value) ?? value;
    const digest = createHmac('sha256', key).update(normalized, 'utf8').digest('hex');
    return `[${finding.type}:${digest.slice(0, HASH_HEX_CHARS)}]`;
  };
}

function selectDetectors(types: readonly EntityType[] | undefined): readonly Detector[] {
  if (types === undefined) return DETECTORS;
  return [...new Set(types)].map(detectorFor);
}

function detectorFor(type: EntityType): Detector {
  const detector = DETECTORS.find((d) => d.type === type);
  if (detector === undefined) throw new TypeError(`Unknown entity type "${type}".`);
  return detector;
}

/**
 * Exported for tests only (not from the package entry). Greedy by priority over a per-character occupancy
 * map: linear in the total length of the candidates, where an interval tree would buy nothing for the few
 * candidates a real prompt produces.
 */
export function resolveOverlaps(candidates: Finding[], textLength: number): Finding[] {
  if (candidates.length < 2) return candidates;
  candidates.sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start ||
      (TYPE_RANK.get(a.type) ?? 0) - (TYPE_RANK.get(b.type) ?? 0),
  );
  const taken = new Uint8Array(textLength);
  const kept: Finding[] = [];
  for (const candidate of candidates) {
    if (taken.subarray(candidate.start, candidate.end).includes(1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}
