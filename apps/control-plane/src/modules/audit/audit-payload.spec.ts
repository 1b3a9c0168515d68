import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, REDACTED, storableText, toAuditPayload } from './audit-payload.js';

describe(toAuditPayload.name, () => {
  it('redacts secret-like keys at any depth, whatever their value', () => {
    expect(
      toAuditPayload({
        name: 'openai',
        apiKey: 'sk-live-1',
        api_key: 'sk-live-2',
        config: { clientSecret: 's3cr3t', nested: [{ password: 'hunter2', user: 'bob' }] },
        credentials: { user: 'x', pass: 'y' },
        privateKey: '-----BEGIN',
        accessToken: 'tok',
        Authorization: 'Bearer abc',
      }),
    ).toEqual({
      name: 'openai',
      apiKey: REDACTED,
      api_key: REDACTED,
      config: { clientSecret: REDACTED, nested: [{ password: REDACTED, user: 'bob' }] },
      credentials: REDACTED,
      privateKey: REDACTED,
      accessToken: REDACTED,
      Authorization: REDACTED,
    });
  });

  it('turns values into plain JSON', () => {
    const payload = toAuditPayload({
      at: new Date('2026-01-01T00:00:00.000Z'),
      big: 12n,
      gone: undefined,
      fn: () => 1,
      nan: Number.NaN,
      list: [undefined, 1],
      map: new Map([['k', 'v']]),
    });
    expect(payload).toEqual({
      at: '2026-01-01T00:00:00.000Z',
      big: '12',
      nan: null,
      list: [null, 1],
      map: { k: 'v' },
    });
    expect(toAuditPayload(undefined)).toBeNull();
    expect(toAuditPayload(null)).toBeNull();
    expect(toAuditPayload('text')).toBe('text');
  });

  it('survives cycles and keeps a key named __proto__ as data', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(toAuditPayload(cyclic)).toEqual({ a: 1, self: '[circular]' });
    const payload = toAuditPayload(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('replaces a payload over 32 KB by {"truncated": true}', () => {
    expect(toAuditPayload({ blob: 'x'.repeat(MAX_PAYLOAD_BYTES) })).toEqual({ truncated: true });
    expect(toAuditPayload({ blob: 'x'.repeat(MAX_PAYLOAD_BYTES - 100) })).toEqual({
      blob: 'x'.repeat(MAX_PAYLOAD_BYTES - 100),
    });
  });
});

describe(storableText.name, () => {
  it('replaces NUL and lone surrogates, keeps valid pairs', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\uD800y\uDC00')).toBe('x\uFFFDy\uFFFD');
    expect(storableText('😀 ok')).toBe('😀 ok');
  });
});
