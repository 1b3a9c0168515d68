import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import type { Detector } from './types.js';
import { before } from './scan.js';

// A candidate starts at "+", "00", "(" or a digit that does not continue a word, number, version, path,
// amount or "#id", and is a bounded run of digits and separators: each attempt reads at most 24 characters,
// so a scan is linear. libphonenumber-js then decides whether the digits form a valid number.
const CANDIDATE = /(?<![\w+\-./#$€£@]|(?<!tel):)(?:\+|\()?\d[\d ().-]{5,22}\d(?![\w@]|[.-]\d|:\d)/g;
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

// Shapes that are valid phone numbers in some region but are, in prose, something else.
const DATE_SHAPE = /\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./]\d{1,2}[./]\d{1,2}/;
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const ID_CONTEXT =
  /(?:order|invoice|ticket|ref|reference|id|no|nr|number|case|tracking|sku|po|isbn|issn|account|acct|iban|bic|serial|version|build|pin|zip|postcode|plz|ssn|kunden-?nr|bestell-?nr|commande|facture)[\s.:#-]*$/;
const PHONE_CONTEXT =
  /(?:phone|tel|telephone|call|mobile|mob|cell|fax|contact|reach|whatsapp|sms|text me|ring|dial|telefon|handy|mobil|ruf|tél|téléphone|portable|appel|teléfono|móvil|número)/;

function digitCount(candidate: string): number {
  let n = 0;
  for (let i = 0; i < candidate.length; i++) {
    const c = candidate.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function isValidPhone(candidate: string, region: string): boolean {
  const digits = digitCount(candidate);
  if (digits < MIN_DIGITS || digits > MAX_DIGITS) return false;
  const international = candidate.startsWith('00') ? `+${candidate.slice(2)}` : candidate;
  const parsed = parsePhoneNumberFromString(international, region as CountryCode);
  return parsed?.isValid() === true;
}

function nextStart(candidate: string): number {
  for (let i = 1; i < candidate.length; i++) {
    const c = candidate.charCodeAt(i);
    if (c === 40 /* ( */ || c === 43 /* + */) return i;
  }
  return 0;
}

/** Drops the last group (after the last space, else the last - or .): "call 415 555 2671 2 times" still yields the number. */
function trimLastGroup(candidate: string): string {
  // Spaces separate what was written as separate things ("415 555-2671 10.0.0.1"); cut there first.
  const space = candidate.lastIndexOf(' ');
  const cut = space > 0 ? space : Math.max(candidate.lastIndexOf('-'), candidate.lastIndexOf('.'));
  return cut > 0 ? candidate.slice(0, cut).replace(/[ ().-]+$/, '') : '';
}

export const phoneDetector: Detector = {
  type: 'PHONE',
  *find(text, context) {
    if (!context.hasDigit) return;
    const re = new RegExp(CANDIDATE);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      let candidate = m[0];
      // Unless a number is found, scanning resumes where a number could visibly start again ("10.0.0.1
      // (415) 555-2671"): at a later "(" or "+" of the run, else after it. Not at every group, which would
      // validate each group of a long digit list.
      const restart = nextStart(candidate);
      if (restart > 0) re.lastIndex = m.index + restart;
      const international = candidate.startsWith('+') || candidate.startsWith('00');
      const lead = before(text, m.index, 32);
      const phoneContext = PHONE_CONTEXT.test(lead);
      if (!phoneContext && ID_CONTEXT.test(lead)) continue;
      // A bare run of digits is an id far more often than a phone number, unless the text says otherwise.
      if (!international && !phoneContext && !/[ ().-]/.test(candidate)) continue;
      for (let attempt = 0; attempt < 3 && candidate.length > 0; attempt++) {
        if (DATE_SHAPE.test(candidate) || DOTTED_QUAD.test(candidate)) break;
        if (isValidPhone(candidate, context.defaultRegion)) {
          yield [m.index, m.index + candidate.length];
          // What followed the number in the run may be the next number ("(415) 555-2671 (415) 555-2672").
          re.lastIndex = m.index + candidate.length;
          break;
        }
        candidate = trimLastGroup(candidate);
      }
    }
  },
  normalize: (value) => value.replace(/[^\d+]/g, '').replace(/^00/, '+'),
};
