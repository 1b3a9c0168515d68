import type { Detector } from './types.js';

// A date is a date of birth only next to a context word. The keyword pattern is scanned once over the
// text; each hit then looks at a bounded window after it, so the scan stays linear however many keywords
// there are.
const KEYWORDS =
  /(?<![\p{L}])(?:born(?: on| in)?|date of birth|birth ?date|birthday|d\.?o\.?b\.?|geb\.|geboren(?: am)?|geburtsdatum|geburtstag|né(?:e)?(?: le)?|date de naissance|fecha de nacimiento|nacid[oa](?: el)?|data di nascita|nato il|nata il)(?![\p{L}])/giu;
const WINDOW = 24;
const MAX_DATE_LENGTH = 32;

const MONTHS =
  'jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|f[ée]vr(?:ier)?|m[aä]r(?:ch|z|s)?|apr(?:il)?|avr(?:il)?|may|mai|jun(?:e|i)?|juin|jul(?:y|i)?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sep(?:t(?:ember|embre)?)?|o[ck]t(?:ober|obre)?|nov(?:ember|embre)?|de[cz](?:ember)?|d[ée]c(?:embre)?';
const DAY = '(?:3[01]|[12]\\d|0?[1-9])';
const MONTH_NUM = '(?:1[0-2]|0?[1-9])';
const YEAR = '(?:1[89]\\d\\d|20\\d\\d)';
// Numeric (ISO, day-first and month-first with / . -; two-digit years) and written months in EN/DE/FR.
const DATE = new RegExp(
  [
    `${YEAR}-${MONTH_NUM}-${DAY}`,
    `(?:${DAY}|${MONTH_NUM})[./-](?:${DAY}|${MONTH_NUM})[./-](?:${YEAR}|\\d\\d)`,
    `${DAY}(?:st|nd|rd|th|er)?\\.?\\s(?:of\\s)?(?:${MONTHS})\\.?,?\\s${YEAR}`,
    `(?:${MONTHS})\\.?\\s${DAY}(?:st|nd|rd|th)?,?\\s${YEAR}`,
  ]
    .map((alternative) => `(?:${alternative})`)
    .join('|'),
  'gi',
);
const DATE_END = /(?![\d\p{L}])/uy;

export const dateOfBirthDetector: Detector = {
  type: 'DATE_OF_BIRTH',
  *find(text, context) {
    if (!context.hasDigit) return;
    const keywords = new RegExp(KEYWORDS);
    const date = new RegExp(DATE);
    const end = new RegExp(DATE_END);
    for (let k = keywords.exec(text); k !== null; k = keywords.exec(text)) {
      const from = k.index + k[0].length;
      // The date must start within the window; it may end a little after it.
      let window = text.slice(from, from + WINDOW + MAX_DATE_LENGTH);
      // The date belongs to the same clause as its keyword.
      const clauseEnd = window.search(/[;\n!?]/);
      if (clauseEnd >= 0) window = window.slice(0, clauseEnd);
      date.lastIndex = 0;
      for (let d = date.exec(window); d !== null && d.index < WINDOW; d = date.exec(window)) {
        end.lastIndex = d.index + d[0].length;
        const startsClean = d.index === 0 || !/[\d\p{L}]/u.test(window[d.index - 1] ?? '');
        if (startsClean && end.test(window)) {
          yield [from + d.index, from + d.index + d[0].length];
          break;
        }
      }
    }
  },
};
