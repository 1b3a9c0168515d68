import { createHmac } from 'node:crypto';
import { DETECTORS } from './detectors.js';
import { ENTITY_TYPES, type Detector, type EntityType, type Finding, type ScanContext } from './types.js';

export interface DetectOptions {
  /** Entity types to look for; all of them when omitted. */
  types?: readonly EntityType[];
  /** ISO 3166 region for phone numbers written without a country code; `US` when omitted. */
  defaultRegion?: string;
}

export type RedactOptions =
  | { mode: 'mask'; types?: readonly EntityType[]; defaultRegion?: string }
  | {
      mode: 'hash';
      types?: readonly EntityType[];
      defaultRegion?: string;
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
const HAS_DIGIT = /\d/;

/** The facts every detector of one scan shares, computed once per text. */
export function scanContext(text: string, defaultRegion = 'US'): ScanContext {
  return { defaultRegion, hasDigit: HAS_DIGIT.test(text) };
}

/**
 * Finds sensitive entities in `text` with the built-in detectors. Overlaps are resolved deterministically:
 * the longest span wins, then the earliest, then the type listed first in `ENTITY_TYPES`. Findings come back
 * sorted by `start` and never overlap. For tenant rules, numbering and reversible tokens use
 * `compilePolicy(...).createSession()`.
 *
 * @example
 * detect('Mail bob@example.com from 10.0.0.1');
 * // [{ type: 'EMAIL', start: 5, end: 20 }, { type: 'IP_ADDRESS', start: 26, end: 34 }]
 */
export function detect(text: string, options: DetectOptions = {}): Finding[] {
  const context = scanContext(text, options.defaultRegion);
  const candidates: Finding[] = [];
  for (const detector of selectDetectors(options.types)) {
    for (const [start, end] of detector.find(text, context)) {
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
  const findings = detect(text, { types: options.types, defaultRegion: options.defaultRegion });
  const parts: string[] = [];
  let cursor = 0;
  for (const finding of findings) {
    parts.push(text.slice(cursor, finding.start), replace(finding, text.slice(finding.start, finding.end)));
    cursor = finding.end;
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), findings };
}

/** `[TYPE:<10 hex>]`: HMAC-SHA-256 of the normalized value under the tenant's key. */
export function hashToken(label: string, normalized: string, key: string | Uint8Array): string {
  const digest = createHmac('sha256', key).update(normalized, 'utf8').digest('hex');
  return `[${label}:${digest.slice(0, HASH_HEX_CHARS)}]`;
}

function replacer(options: RedactOptions): (finding: Finding, value: string) => string {
  if (options.mode === 'mask') return (finding) => `[${finding.type}]`;
  if ((options.mode as string) !== 'hash') throw new TypeError('redact: mode must be "mask" or "hash".');
  const key = options.hashKey as string | Uint8Array | undefined;
  if (key === undefined || key.length === 0) {
    throw new TypeError('redact: mode "hash" needs a non-empty hashKey.');
  }
  return (finding, value) => hashToken(finding.type, normalizeValue(finding.type, value), key);
}

/** The canonical form of a built-in type's value, so that one entity written two ways counts as one. */
export function normalizeValue(type: EntityType, value: string): string {
  return detectorFor(type).normalize?.(value) ?? value;
}

function selectDetectors(types: readonly EntityType[] | undefined): readonly Detector[] {
  if (types === undefined) return DETECTORS;
  return [...new Set(types)].map(detectorFor);
}

export function detectorFor(type: EntityType): Detector {
  const detector = DETECTORS.find((d) => d.type === type);
  if (detector === undefined) throw new TypeError(`Unknown entity type "${type}".`);
  return detector;
}

/** A candidate span with what decides overlaps: higher priority first, then longer, earlier, lower rank. */
export interface RankedSpan {
  start: number;
  end: number;
  priority: number;
  rank: number;
}

/**
 * Keeps the non-overlapping spans that win, greedily in priority order. The kept spans stay sorted by start,
 * so each candidate is checked against its two neighbours by binary search: O(k log k) for k candidates,
 * independent of the text's length.
 */
export function pickSpans<T extends RankedSpan>(candidates: T[], _textLength: number): T[] {
  if (candidates.length < 2) return candidates;
  candidates.sort(
    (a, b) =>
      b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start || a.rank - b.rank,
  );
  const kept: T[] = [];
  for (const candidate of candidates) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((kept[mid]?.start ?? 0) < candidate.start) lo = mid + 1;
      else hi = mid;
    }
    const previous = kept[lo - 1];
    const next = kept[lo];
    if (previous !== undefined && previous.end > candidate.start) continue;
    if (next !== undefined && next.start < candidate.end) continue;
    kept.splice(lo, 0, candidate);
  }
  return kept;
}

/** Exported for tests only (not from the package entry): `pickSpans` for built-in findings. */
export function resolveOverlaps(candidates: Finding[], textLength: number): Finding[] {
  const ranked = candidates.map((f) => ({ ...f, priority: 0, rank: TYPE_RANK.get(f.type) ?? 0 }));
  return pickSpans(ranked, textLength).map(({ type, start, end }) => ({ type, start, end }));
}
