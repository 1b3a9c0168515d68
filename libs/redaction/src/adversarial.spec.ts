import { describe, expect, it } from 'vitest';
import { detect, redact } from './engine.js';

// Inputs built to make backtracking regexes quadratic or worse. A regression would not fail an assertion
// here; it would blow the test timeout (minutes instead of milliseconds), which is what these tests guard.
const MB = 1024 * 1024;
const TIMEOUT_MS = 30_000;

describe('1 MB adversarial inputs', () => {
  it.each([
    ['one long word', 'a'.repeat(MB)],
    ['a word followed by @', `${'a'.repeat(MB)}@`],
    ['at-signs without domains', 'a@'.repeat(MB / 2)],
    ['a domain of one-letter labels without TLD', `x@${'a.'.repeat(MB / 2)}!`],
    ['one long digit run', '1'.repeat(MB)],
    ['dash-joined digits', '1-'.repeat(MB / 2)],
    ['dotted digits', '1.'.repeat(MB / 2)],
    ['colons', ':'.repeat(MB)],
    ['hex and colons', 'a:'.repeat(MB / 2)],
    ['a key-like prefix and a long tail', `AKIA${'A'.repeat(MB)}`],
    ['dashes', '-'.repeat(MB)],
    ['PEM END lines without BEGIN', '-----END PRIVATE KEY-----'.repeat(MB / 25)],
    ['capitalised words', 'Aa '.repeat(MB / 3)],
    ['titles followed by no name', 'Dr. xq '.repeat(MB / 7)],
    ['date-of-birth keywords without dates', 'born DOB geb. '.repeat(MB / 14)],
    ['JWT-like runs without a header', `eyJ${'a.'.repeat(MB / 2)}`],
    ['assignments of low-entropy values', 'password=aaaaaaaaaaaa '.repeat(MB / 22)],
    ['country codes and digits', 'DE89 '.repeat(MB / 5)],
    ['street numbers without streets', '12 Main '.repeat(MB / 8)],
  ])(
    'finds nothing in %s',
    (_label, text) => {
      expect(detect(text)).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'rejects every card candidate in spaced digits that fail Luhn',
    () => {
      expect(detect('1 '.repeat(MB / 2), { types: ['CREDIT_CARD'] })).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'validates spaced digit groups that are not phone numbers',
    () => {
      expect(detect('12 34 '.repeat(MB / 6), { types: ['PHONE', 'US_SSN', 'IBAN'] })).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'finds one email whose local part is 1 MB long',
    () => {
      const text = `${'a.'.repeat(MB / 2)}b@example.com`;
      expect(detect(text)).toEqual([{ type: 'EMAIL', start: 0, end: text.length }]);
    },
    TIMEOUT_MS,
  );

  it(
    'redacts every repetition of a card number',
    () => {
      const count = Math.floor(MB / 20);
      const result = redact('4111 1111 1111 1111 '.repeat(count), { mode: 'mask' });
      expect(result.findings).toHaveLength(count);
      expect(result.text).toBe('[CREDIT_CARD] '.repeat(count));
    },
    TIMEOUT_MS,
  );

  it(
    'redacts many PEM BEGIN lines that never end',
    () => {
      const header = '-----BEGIN PRIVATE KEY-----';
      const count = Math.floor(MB / header.length);
      const result = redact(header.repeat(count), { mode: 'mask', types: ['SECRET'] });
      expect(result.text).toBe('[SECRET]'.repeat(count));
    },
    TIMEOUT_MS,
  );

  it(
    'treats a 1 MB token-like run as one secret',
    () => {
      const text = `key sk-${'a'.repeat(MB)} end`;
      expect(redact(text, { mode: 'mask' }).text).toBe('key [SECRET] end');
    },
    TIMEOUT_MS,
  );
});
