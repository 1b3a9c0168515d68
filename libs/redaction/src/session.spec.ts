import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect, redact } from './engine.js';
import { compilePolicy } from './policy.js';
import { createSession } from './session.js';

const KEY = 'tenant-key';

describe('RedactionSession: actions', () => {
  it('numbers values consistently across the texts of one request', () => {
    const session = createSession(compilePolicy({}));
    expect(session.redact('Mail bob@example.com and ann@example.com').text).toBe(
      'Mail [EMAIL_1] and [EMAIL_2]',
    );
    expect(session.redact('Again: BOB@example.com, then carl@example.com').text).toBe(
      'Again: [EMAIL_1], then [EMAIL_3]',
    );
    expect(session.counts).toEqual({ EMAIL: 4 });
  });

  it('numbers each type on its own, and custom labels too', () => {
    const session = createSession(
      compilePolicy({
        rules: [{ name: 'emp', kind: 'pattern', entityType: 'EMPLOYEE_ID', pattern: 'EMP-\\d{4}' }],
      }),
    );
    expect(session.redact('EMP-0001 bob@example.com EMP-0002 EMP-0001').text).toBe(
      '[EMPLOYEE_ID_1] [EMAIL_1] [EMPLOYEE_ID_2] [EMPLOYEE_ID_1]',
    );
  });

  it('never issues a placeholder the caller wrote themselves', () => {
    const session = createSession(compilePolicy({ builtins: { EMAIL: { action: 'tokenize' } } }));
    const result = session.redact('Earlier [EMAIL_1] meant someone else; now bob@example.com');
    expect(result.text).toBe('Earlier [EMAIL_1] meant someone else; now [EMAIL_2]');
    expect(session.restore('[EMAIL_1] / [EMAIL_2]')).toBe('[EMAIL_1] / bob@example.com');
  });

  it('hashes with the tenant key: stable per key and normalized value', () => {
    const a = createSession(compilePolicy({ defaultAction: 'hash' }, { hashKey: KEY }));
    const b = createSession(compilePolicy({ defaultAction: 'hash' }, { hashKey: KEY }));
    const other = createSession(compilePolicy({ defaultAction: 'hash' }, { hashKey: 'other' }));
    const first = a.redact('bob@example.com').text;
    expect(first).toMatch(/^\[EMAIL:[0-9a-f]{10}\]$/);
    expect(b.redact('BOB@example.com').text).toBe(first);
    expect(other.redact('bob@example.com').text).not.toBe(first);
  });

  it('blocks naming the type and rule, never the value, and masks the value anyway', () => {
    const session = createSession(compilePolicy({ builtins: { US_SSN: { action: 'block' } } }));
    const result = session.redact('SSN 123-45-6789, mail bob@example.com');
    expect(session.blocked).toEqual({ type: 'US_SSN', rule: 'US_SSN' });
    expect(result.text).toBe('SSN [US_SSN], mail [EMAIL_1]');
    expect(JSON.stringify(session.blocked)).not.toContain('6789');
  });

  it('tokenizes reversibly and restores only its own tokens', () => {
    const session = createSession(
      compilePolicy({ builtins: { EMAIL: { action: 'tokenize' }, PHONE: { action: 'mask' } } }),
    );
    const result = session.redact('bob@example.com, call +1 415 555 2671');
    expect(result.text).toBe('[EMAIL_1], call [PHONE_1]');
    expect(session.restore('Wrote to [EMAIL_1]; [PHONE_1]; [EMAIL_9]')).toBe(
      'Wrote to bob@example.com; [PHONE_1]; [EMAIL_9]',
    );
  });

  it('findings carry offsets, types, rules and actions, never values', () => {
    const session = createSession(compilePolicy({}));
    const { findings } = session.redact('bob@example.com');
    expect(findings).toEqual([{ type: 'EMAIL', rule: 'EMAIL', action: 'mask', start: 0, end: 15 }]);
  });
});

describe('StreamRestorer', () => {
  const session = createSession(compilePolicy({ defaultAction: 'tokenize' }));
  session.redact('Mail bob@example.com and ann@example.org; call +1 415 555 2671');
  const response = 'To [EMAIL_1] and [EMAIL_2]: ring [PHONE_1]. Not [EMAIL_3] nor [EMAIL_] nor [[EMAIL_1]].';
  const expected = session.restore(response);

  const run = (chunks: string[]): { out: string; pieces: string[] } => {
    const restorer = session.createStreamRestorer();
    const pieces = chunks.map((c) => restorer.push(c));
    pieces.push(restorer.flush());
    return { out: pieces.join(''), pieces };
  };

  it('restores the whole text in one chunk', () => {
    expect(expected).toBe(
      'To bob@example.com and ann@example.org: ring +1 415 555 2671. Not [EMAIL_3] nor [EMAIL_] nor [bob@example.com].',
    );
    expect(run([response]).out).toBe(expected);
  });

  it('restores at every split position and never emits part of a placeholder', () => {
    for (let i = 0; i <= response.length; i++) {
      const { out, pieces } = run([response.slice(0, i), response.slice(i)]);
      expect(out).toBe(expected);
      // Every piece but the flush: no tail that could still grow into one of the session's placeholders (a
      // lone "[" may end a piece when another "[" follows it: "[[EMAIL_1]]").
      for (const piece of pieces.slice(0, -1)) {
        for (const placeholder of ['[EMAIL_1]', '[EMAIL_2]', '[PHONE_1]']) {
          for (let k = 2; k < placeholder.length; k++)
            expect(piece.endsWith(placeholder.slice(0, k))).toBe(false);
        }
      }
    }
  });

  it('restores at every pair of split positions', () => {
    for (let i = 0; i <= response.length; i++) {
      for (let j = i; j <= response.length; j++) {
        const { out } = run([response.slice(0, i), response.slice(i, j), response.slice(j)]);
        expect(out).toBe(expected);
      }
    }
  });

  it('restores one character at a time, holding back at most one placeholder', () => {
    const restorer = session.createStreamRestorer();
    let out = '';
    let emitted = 0;
    for (let i = 0; i < response.length; i++) {
      out += restorer.push(response[i] ?? '');
      emitted = out.length;
      expect(i + 1 - consumed(out)).toBeLessThan('[PHONE_1]'.length);
    }
    out += restorer.flush();
    expect(emitted).toBeLessThanOrEqual(out.length);
    expect(out).toBe(expected);

    /** How many response characters `restoredSoFar` accounts for. */
    function consumed(restoredSoFar: string): number {
      let n = restoredSoFar.length;
      for (const [placeholder, value] of [
        ['[EMAIL_1]', 'bob@example.com'],
        ['[EMAIL_2]', 'ann@example.org'],
        ['[PHONE_1]', '+1 415 555 2671'],
      ] as const) {
        n -=
          restoredSoFar.split(value).length - 1 === 0
            ? 0
            : (restoredSoFar.split(value).length - 1) * (value.length - placeholder.length);
      }
      return n;
    }
  });

  it('holds back nothing when the session tokenized nothing', () => {
    const plain = createSession(compilePolicy({})).createStreamRestorer();
    expect(plain.push('a [EMAIL_')).toBe('a [EMAIL_');
    expect(plain.flush()).toBe('');
  });
});

describe('masking properties', () => {
  const fragments = fc.constantFrom(
    'bob@example.com',
    'ann.lee+tag@mail.example.org',
    '+1 415 555 2671',
    '(415) 555-2671',
    '4111 1111 1111 1111',
    'SSN 123-45-6789',
    'DE89 3704 0044 0532 0130 00',
    '10.0.0.1',
    '2001:db8::1',
    'born on 12/03/1985',
    'Dr. Peter Müller',
    'Maria Gonzalez',
    '221B Baker Street',
    'AKIAIOSFODNN7EXAMPLE',
    'password=Summer2024!',
    'order #12345678',
    'version 1.2.3',
    'hello',
    'the report',
    '[EMAIL_1]',
    '',
  );
  const separators = fc.constantFrom(' ', ', ', '. ', '\n', '; ', ' and ');
  const texts = fc
    .array(fc.tuple(fragments, separators), { maxLength: 12 })
    .map((parts) => parts.map(([f, s]) => f + s).join(''));

  it('is idempotent and leaves nothing detectable', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const once = redact(text, { mode: 'mask' }).text;
        expect(redact(once, { mode: 'mask' }).text).toBe(once);
        expect(detect(once)).toEqual([]);
        const session = createSession(compilePolicy({}));
        const numbered = session.redact(text).text;
        expect(createSession(compilePolicy({})).redact(numbered).text).toBe(numbered);
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a detected value in the output', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const session = createSession(compilePolicy({}));
        const { text: out, findings } = session.redact(text);
        for (const f of findings) expect(out).not.toContain(text.slice(f.start, f.end));
      }),
      { numRuns: 300 },
    );
  });
});
