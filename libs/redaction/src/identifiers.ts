import type { Detector } from './types.js';
import { before } from './scan.js';

// US_SSN: dashed (AAA-GG-SSSS) on its own; nine bare or spaced digits only after a context word, since a
// nine-digit run is far more often an id. The run may not continue a longer dash- or digit-joined token.
const SSN_DASHED = /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w]|-\d)/g;
const SSN_UNDASHED = /(?<![\w-])(\d{3}) ?(\d{2}) ?(\d{4})(?![\w]|-\d)/g;
const SSN_CONTEXT =
  /\b(?:ssn|ss#|social security|soc\.? sec|sozialversicherung|taxpayer id|tin)\b[^\n]{0,24}$/;

/** Never-issued SSNs: area 000, 666 or 900-999; group 00; serial 0000. */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

export const usSsnDetector: Detector = {
  type: 'US_SSN',
  *find(text, context) {
    if (!context.hasDigit) return;
    const dashed = new RegExp(SSN_DASHED);
    for (let m = dashed.exec(text); m !== null; m = dashed.exec(text)) {
      if (isValidSsn(m[1] ?? '', m[2] ?? '', m[3] ?? '')) yield [m.index, m.index + m[0].length];
    }
    const undashed = new RegExp(SSN_UNDASHED);
    for (let m = undashed.exec(text); m !== null; m = undashed.exec(text)) {
      if (m[0].includes('-')) continue;
      if (isValidSsn(m[1] ?? '', m[2] ?? '', m[3] ?? '') && SSN_CONTEXT.test(before(text, m.index, 40))) {
        yield [m.index, m.index + m[0].length];
      }
    }
  },
  normalize: (value) => value.replace(/\D/g, ''),
};

/** IBAN length per country (ISO 13616 registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

// Country code, check digits, then up to 30 letters/digits, optionally grouped by single spaces. The
// lookbehind anchors attempts at token starts and each attempt reads at most 64 characters.
const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;

/** ISO 7064 mod 97-10 over the rearranged IBAN, digit by digit (no big integers). */
export function ibanChecksumOk(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) remainder = (remainder * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) remainder = (remainder * 100 + (c - 55)) % 97;
    else return false;
  }
  return remainder === 1;
}

export const ibanDetector: Detector = {
  type: 'IBAN',
  *find(text, context) {
    if (!context.hasDigit) return;
    const re = new RegExp(IBAN_CANDIDATE);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const expected = IBAN_LENGTHS[m[0].slice(0, 2)];
      if (expected === undefined) {
        re.lastIndex = m.index + 1;
        continue;
      }
      // The run may go on into the next word ("… 3000 BIC COBADEFF"): keep exactly the country's length,
      // provided the cut falls between groups.
      let taken = 0;
      let end = 0;
      while (end < m[0].length && taken < expected) {
        if (m[0][end] !== ' ') taken++;
        end++;
      }
      // Whatever this candidate was, the next may start at any later token of the run ("DE89 … 00 DE89 …").
      re.lastIndex = m.index + 1;
      if (taken !== expected || (end < m[0].length && m[0][end] !== ' ')) continue;
      if (ibanChecksumOk(m[0].slice(0, end).replaceAll(' ', ''))) {
        yield [m.index, m.index + end];
        re.lastIndex = m.index + end;
      }
    }
  },
  normalize: (value) => value.replaceAll(' ', '').toUpperCase(),
};
