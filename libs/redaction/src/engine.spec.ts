import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { detect, redact, resolveOverlaps } from './engine.js';
import type { EntityType, Finding } from './types.js';

const hmac10 = (key: string, value: string): string =>
  createHmac('sha256', key).update(value).digest('hex').slice(0, 10);

describe('detect', () => {
  it('returns offsets and types only, sorted by start', () => {
    const text = 'Mail bob@example.com from 10.0.0.1 with card 4111 1111 1111 1111';
    const findings = detect(text);
    expect(findings).toEqual([
      { type: 'EMAIL', start: 5, end: 20 },
      { type: 'IP_ADDRESS', start: 26, end: 34 },
      { type: 'CREDIT_CARD', start: 45, end: 64 },
    ]);
    for (const finding of findings) expect(Object.keys(finding).sort()).toEqual(['end', 'start', 'type']);
  });

  it('limits detection to the requested types', () => {
    const text = 'bob@example.com 10.0.0.1';
    expect(detect(text, { types: ['IP_ADDRESS'] }).map((f) => f.type)).toEqual(['IP_ADDRESS']);
    expect(detect(text, { types: [] })).toEqual([]);
  });

  it('rejects an unknown type instead of silently skipping it', () => {
    expect(() => detect('x', { types: ['NAME' as EntityType] })).toThrow(/Unknown entity type "NAME"/);
  });

  it('lets the longest finding win an overlap', () => {
    // A card number as the local part of an address, and an IPv4 address inside an IPv6 one.
    expect(detect('4111111111111111@example.com')).toEqual([{ type: 'EMAIL', start: 0, end: 28 }]);
    expect(detect('::ffff:192.0.2.1')).toEqual([{ type: 'IP_ADDRESS', start: 0, end: 16 }]);
  });

  it('finds nothing in ordinary prose', () => {
    expect(detect('Release 1.2.3.4.5 ships on 2024-06-01; see ticket #4521 and std::vector docs.')).toEqual(
      [],
    );
  });
});

describe('resolveOverlaps', () => {
  const f = (type: EntityType, start: number, end: number): Finding => ({ type, start, end });

  it('keeps the longest, then the earliest, then the first type in ENTITY_TYPES', () => {
    const candidates = [
      f('EMAIL', 0, 10),
      f('IP_ADDRESS', 5, 20), // longest: beats both neighbours
      f('CREDIT_CARD', 15, 25),
      f('EMAIL', 30, 36),
      f('IP_ADDRESS', 33, 39), // same length, later: loses
      f('EMAIL', 50, 55),
      f('SECRET', 50, 55), // same span: SECRET ranks first
      f('EMAIL', 60, 70),
      f('EMAIL', 62, 64), // nested: the outer one wins
    ];
    const expected = [f('IP_ADDRESS', 5, 20), f('EMAIL', 30, 36), f('SECRET', 50, 55), f('EMAIL', 60, 70)];
    expect(resolveOverlaps([...candidates], 80)).toEqual(expected);
    expect(resolveOverlaps([...candidates].reverse(), 80)).toEqual(expected);
  });

  it('keeps touching but not overlapping spans', () => {
    expect(resolveOverlaps([f('EMAIL', 5, 9), f('EMAIL', 0, 5)], 9)).toEqual([
      f('EMAIL', 0, 5),
      f('EMAIL', 5, 9),
    ]);
  });
});

describe('redact', () => {
  const text = 'Bob <Bob@Example.com> paid with 4111-1111-1111-1111 from 2001:db8::1.';

  it('masks every finding with its type and reports offsets into the original text', () => {
    const result = redact(text, { mode: 'mask' });
    expect(result.text).toBe('Bob <[EMAIL]> paid with [CREDIT_CARD] from [IP_ADDRESS].');
    expect(result.findings.map((f) => text.slice(f.start, f.end))).toEqual([
      'Bob@Example.com',
      '4111-1111-1111-1111',
      '2001:db8::1',
    ]);
  });

  it('masks only the requested types', () => {
    expect(redact(text, { mode: 'mask', types: ['EMAIL'] }).text).toBe(
      'Bob <[EMAIL]> paid with 4111-1111-1111-1111 from 2001:db8::1.',
    );
  });

  it('returns text without findings unchanged', () => {
    expect(redact('nothing to see', { mode: 'mask' })).toEqual({ text: 'nothing to see', findings: [] });
    expect(redact('', { mode: 'mask' })).toEqual({ text: '', findings: [] });
  });

  it('hashes with HMAC-SHA-256 over a normalized value', () => {
    const result = redact(text, { mode: 'hash', hashKey: 'tenant-key' });
    expect(result.text).toBe(
      `Bob <[EMAIL:${hmac10('tenant-key', 'bob@example.com')}]> paid with ` +
        `[CREDIT_CARD:${hmac10('tenant-key', '4111111111111111')}] from ` +
        `[IP_ADDRESS:${hmac10('tenant-key', '2001:db8::1')}].`,
    );
  });

  it('gives the same entity the same token however it is written, and different keys different tokens', () => {
    const spaced = redact('4111 1111 1111 1111', { mode: 'hash', hashKey: 'k1' }).text;
    expect(redact('4111111111111111', { mode: 'hash', hashKey: 'k1' }).text).toBe(spaced);
    expect(redact('4111 1111 1111 1111', { mode: 'hash', hashKey: 'k2' }).text).not.toBe(spaced);
    expect(spaced).toMatch(/^\[CREDIT_CARD:[0-9a-f]{10}\]$/);
    expect(redact('a@b.io', { mode: 'hash', hashKey: new Uint8Array([1, 2, 3]) }).text).toMatch(
      /^\[EMAIL:[0-9a-f]{10}\]$/,
    );
  });

  it('refuses hash mode without a key', () => {
    expect(() => redact('a@b.io', { mode: 'hash', hashKey: '' })).toThrow(/hashKey/);
    expect(() => redact('a@b.io', { mode: 'hash' } as never)).toThrow(/hashKey/);
    expect(() => redact('a@b.io', { mode: 'scramble' } as never)).toThrow(/mode/);
  });
});
