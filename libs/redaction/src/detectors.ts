import { isIPv6 } from 'node:net';
import type { Detector } from './types.js';

// Linear time, by construction: every pattern either starts with a fixed literal or with a negative
// lookbehind on its own character class, so a run of candidate characters is attempted once from its start
// rather than once per position, and no pattern nests quantifiers that can match the same characters two
// ways. A detector that post-filters (Luhn, isIPv6) bounds the length of what it re-examines.

/** Yields the spans of a global pattern. Works on a copy so that concurrent scans never share `lastIndex`. */
function* matches(pattern: RegExp, text: string): Generator<readonly [number, number]> {
  const re = new RegExp(pattern);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) yield [m.index, m.index + m[0].length];
}

const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63}(?![\w-])/g;

const emailDetector: Detector = {
  type: 'EMAIL',
  find: (text) => matches(EMAIL, text),
  normalize: (value) => value.toLowerCase(),
};

// A run joined by dashes is one token (UUIDs, ISBNs, order ids), so it may not start or end next to "-digit".
// Spaces are not: "4111 1111 1111 1111 12/28" still yields the card number.
const CARD = /(?<!\d|\d-)\d(?:[ -]?\d){12,18}(?!\d|-\d)/g;

const creditCardDetector: Detector = {
  type: 'CREDIT_CARD',
  *find(text) {
    const re = new RegExp(CARD);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (passesLuhn(m[0])) {
        yield [m.index, m.index + m[0].length];
      } else {
        // A longer digit run that fails Luhn may hide a card that starts at a later group.
        re.lastIndex = m.index + 1;
      }
    }
  },
  normalize: (value) => value.replace(/[ -]/g, ''),
};

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
// (?=(...))\1 is an atomic group: the run is taken whole or not at all, so it cannot shrink into a match
// inside a longer word such as "std::vector".
const IPV6_CANDIDATE = /(?<![\w:.])(?=([0-9A-Fa-f:.]+))\1(?![\w:])/g;
const IPV6_MAX_LENGTH = 45;

const ipAddressDetector: Detector = {
  type: 'IP_ADDRESS',
  *find(text) {
    yield* matches(IPV4, text);
    for (const [start, fullEnd] of matches(IPV6_CANDIDATE, text)) {
      let end = fullEnd;
      while (text.charCodeAt(end - 1) === 46 /* "." ends a sentence */) end--;
      if (end - start > IPV6_MAX_LENGTH) continue;
      const candidate = text.slice(start, end);
      if (candidate.includes(':') && /[0-9A-Fa-f]/.test(candidate) && isIPv6(candidate)) yield [start, end];
    }
  },
  normalize: (value) => value.toLowerCase(),
};

const SECRET_PATTERNS: readonly RegExp[] = [
  /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  /(?<![\w-])gh[pousr]_[A-Za-z0-9]{36,251}(?![\w-])/g,
  /(?<![\w-])github_pat_[A-Za-z0-9_]{22,251}(?![\w-])/g,
  /(?<![\w-])sk-ant-[A-Za-z0-9_-]{20,}(?![\w-])/g,
  /(?<![\w-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{20,})(?![\w-])/g,
];

const PEM_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
// Without an END line (a truncated paste) the base64 body that follows is still key material.
const PEM_BODY = /(?:\r?\n[A-Za-z0-9+/=]+)*/y;

function* pemBlocks(text: string): Generator<readonly [number, number]> {
  const begin = new RegExp(PEM_BEGIN);
  const end = new RegExp(PEM_END);
  const body = new RegExp(PEM_BODY);
  // Once one search for an END line fails, none later can succeed; remembering that keeps many BEGIN lines
  // without END linear instead of quadratic.
  let endMissing = false;
  for (let m = begin.exec(text); m !== null; m = begin.exec(text)) {
    const afterBegin = m.index + m[0].length;
    let stop: number | undefined;
    if (!endMissing) {
      end.lastIndex = afterBegin;
      const e = end.exec(text);
      if (e === null) endMissing = true;
      else stop = e.index + e[0].length;
    }
    if (stop === undefined) {
      body.lastIndex = afterBegin;
      stop = afterBegin + (body.exec(text)?.[0].length ?? 0);
    }
    yield [m.index, stop];
    begin.lastIndex = stop;
  }
}

const secretDetector: Detector = {
  type: 'SECRET',
  *find(text) {
    for (const pattern of SECRET_PATTERNS) yield* matches(pattern, text);
    yield* pemBlocks(text);
  },
};

export const DETECTORS: readonly Detector[] = [
  secretDetector,
  creditCardDetector,
  emailDetector,
  ipAddressDetector,
];
