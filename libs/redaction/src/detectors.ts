import { isIPv6 } from 'node:net';
import type { Detector } from './types.js';
import { dateOfBirthDetector } from './date-of-birth.js';
import { ibanDetector, usSsnDetector } from './identifiers.js';
import { personDetector } from './person.js';
import { phoneDetector } from './phone.js';
import { before, matches } from './scan.js';
import { secretDetector } from './secrets.js';
import { streetAddressDetector } from './street-address.js';

// Linear time, by construction: every pattern either starts with a fixed literal or with a negative
// lookbehind on its own character class, so a run of candidate characters is attempted once from its start
// rather than once per position, and no pattern nests quantifiers that can match the same characters two
// ways. A detector that post-filters (Luhn, isIPv6) bounds the length of what it re-examines.

// Found from each "@" (indexOf, so text without one costs nothing): the local part is the run of local-part
// characters before it, scanned once (a scan stops at the previous "@"), the domain a sticky match after it.
const EMAIL_DOMAIN = /[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}(?![\w-])/y;

function isLocalPartChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 46 ||
    c === 37 ||
    c === 43 ||
    c === 45
  );
}

const emailDetector: Detector = {
  type: 'EMAIL',
  *find(text) {
    const domain = new RegExp(EMAIL_DOMAIN);
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > 0 && isLocalPartChar(text.charCodeAt(start - 1))) start--;
      if (start === at) continue;
      domain.lastIndex = at + 1;
      if (domain.test(text)) yield [start, domain.lastIndex];
    }
  },
  normalize: (value) => value.toLowerCase(),
};

// A run joined by dashes is one token (UUIDs, ISBNs, order ids), so it may not start or end next to "-digit".
// Spaces are not: "4111 1111 1111 1111 12/28" still yields the card number.
const CARD = /(?<!\d|\d-)\d(?:[ -]?\d){12,18}(?!\d|-\d)/g;

const creditCardDetector: Detector = {
  type: 'CREDIT_CARD',
  *find(text, context) {
    if (!context.hasDigit) return;
    const re = new RegExp(CARD);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const length = longestCardPrefix(m[0]);
      if (length > 0) yield [m.index, m.index + length];
      // A run may hide a card that starts at a later group, whether or not this candidate passed Luhn (a
      // chance pass across two numbers must not hide the real card); overlaps are resolved later. Starts are
      // group starts only (the lookbehind), each reading at most 19 digits: linear.
      re.lastIndex = m.index + 1;
    }
  },
  normalize: (value) => value.replace(/[ -]/g, ''),
};

/**
 * The length of the longest prefix of a candidate that is a card: the whole run, or the run cut at a group
 * separator ("4111 1111 1111 1111 221B Baker Street" holds a card followed by a house number). 0 if none.
 */
function longestCardPrefix(candidate: string): number {
  if (passesLuhn(candidate)) return candidate.length;
  for (let cut = candidate.length - 1; cut > 0; cut--) {
    const c = candidate.charCodeAt(cut);
    if (c !== 32 && c !== 45) continue;
    const prefix = candidate.slice(0, cut);
    if (prefix.replace(/[ -]/g, '').length < MIN_CARD_DIGITS) break;
    if (passesLuhn(prefix)) return cut;
  }
  return 0;
}

const MIN_CARD_DIGITS = 13;

export function passesLuhn(candidate: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = candidate.length - 1; i >= 0; i--) {
    const code = candidate.charCodeAt(i) - 48;
    if (code < 0 || code > 9) continue;
    const d = double ? code * 2 : code;
    sum += d > 9 ? d - 9 : d;
    double = !double;
  }
  return sum % 10 === 0;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// "1.2.3.4.5" is a version string, not an address, so the match may not touch another ".digit".
const IPV4 = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`, 'g');
const IPV6_MAX_LENGTH = 45;
// "version 1.2.3.4" is a valid address in form only.
const VERSION_BEFORE = /(?:version|release|ver\.?|build|v)[ :]*$/;

function isIpv6Char(c: number): boolean {
  return (c >= 48 && c <= 58) /* 0-9 : */ || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

const ipAddressDetector: Detector = {
  type: 'IP_ADDRESS',
  *find(text, context) {
    if (context.hasDigit && text.includes('.')) {
      for (const span of matches(IPV4, text)) {
        if (!VERSION_BEFORE.test(before(text, span[0], 12))) yield span;
      }
    }
    // IPv6: from each ":", the maximal run of hex digits, colons and dots around it, taken whole (so it cannot
    // shrink into a match inside "std::vector"); runs are disjoint, so the scan is linear.
    let runEnd = 0;
    for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', Math.max(colon + 1, runEnd))) {
      let start = colon;
      while (start > 0 && isIpv6Char(text.charCodeAt(start - 1))) start--;
      let fullEnd = colon + 1;
      while (fullEnd < text.length && isIpv6Char(text.charCodeAt(fullEnd))) fullEnd++;
      runEnd = fullEnd;
      if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(fullEnd))) continue;
      let end = fullEnd;
      while (text.charCodeAt(end - 1) === 46 /* "." ends a sentence */) end--;
      if (end - start > IPV6_MAX_LENGTH) continue;
      const candidate = text.slice(start, end);
      if (candidate.includes(':') && /[0-9A-Fa-f]/.test(candidate) && isIPv6(candidate)) yield [start, end];
    }
  },
  normalize: (value) => value.toLowerCase(),
};

/** The built-in detectors, in `ENTITY_TYPES` order. */
export const DETECTORS: readonly Detector[] = [
  secretDetector,
  creditCardDetector,
  ibanDetector,
  usSsnDetector,
  emailDetector,
  ipAddressDetector,
  phoneDetector,
  dateOfBirthDetector,
  streetAddressDetector,
  personDetector,
];
