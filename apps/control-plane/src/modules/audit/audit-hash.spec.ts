import { describe, expect, it } from 'vitest';
import { auditEventHash, canonicalJson, type AuditHashInput } from './audit-hash.js';

const EVENT: AuditHashInput = {
  prevHash: null,
  occurredAt: new Date('2026-01-02T03:04:05.678Z'),
  actor: { type: 'token', id: 'admin-token', display: 'break-glass admin token' },
  tenantId: '0b6f4a52-6c1e-4f3a-9a51-2d6cf1a1c001',
  action: 'tenant.update',
  targetType: 'tenant',
  targetId: '0b6f4a52-6c1e-4f3a-9a51-2d6cf1a1c001',
  before: { name: 'Acme', settings: { zeroDataRetention: false } },
  after: { name: 'Acmé ☃', settings: { zeroDataRetention: true } },
  ip: '127.0.0.1',
  userAgent: 'vitest',
  requestId: 'req-1',
};

describe('canonicalJson', () => {
  it('sorts keys whatever the insertion order, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: 2, c: { z: true, y: null } })).toBe(
      '{"a":2,"b":1,"c":{"y":null,"z":true}}',
    );
    expect(canonicalJson({ a: 2, b: 1 })).toBe(canonicalJson({ b: 1, a: 2 }));
  });

  it('sorts nested objects at every depth, including inside arrays', () => {
    expect(canonicalJson({ list: [{ b: 1, a: [{ d: 1, c: 2 }] }] })).toBe(
      '{"list":[{"a":[{"c":2,"d":1}],"b":1}]}',
    );
  });

  it('keeps array order', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('writes unicode as UTF-8 text and escapes only what JSON requires', () => {
    expect(canonicalJson({ name: 'Zoë ☃ 😀', quote: 'a"b\\c\n' })).toBe(
      '{"name":"Zoë ☃ 😀","quote":"a\\"b\\\\c\\n"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785)', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '😀': 4, '\u20ac': 5 })).toBe(
      '{"Z":3,"z":2,"é":1,"€":5,"😀":4}',
    );
  });

  it('writes numbers as JavaScript does', () => {
    expect(canonicalJson([1, 1.5, -0, 1e21, 0.1 + 0.2])).toBe('[1,1.5,0,1e+21,0.30000000000000004]');
  });

  it('refuses what is not plain JSON', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ u: undefined })).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});

describe(auditEventHash.name, () => {
  it('is SHA-256 hex of the canonical document, stable across releases', () => {
    const hash = auditEventHash(EVENT);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // Changing the canonical form would make every stored chain fail verification.
    expect(hash).toBe(HASH_OF_EVENT);
  });

  it('does not depend on the key order of before/after', () => {
    const reordered = { ...EVENT, after: { settings: { zeroDataRetention: true }, name: 'Acmé ☃' } };
    expect(auditEventHash(reordered)).toBe(auditEventHash(EVENT));
  });

  it('changes with every covered field, including the previous hash', () => {
    const base = auditEventHash(EVENT);
    const variants: Partial<AuditHashInput>[] = [
      { prevHash: 'a'.repeat(64) },
      { occurredAt: new Date('2026-01-02T03:04:05.679Z') },
      { actor: { ...EVENT.actor, id: 'someone' } },
      { actor: { ...EVENT.actor, display: null } },
      { tenantId: null },
      { action: 'tenant.delete' },
      { targetType: 'user' },
      { targetId: null },
      { before: null },
      { after: { name: 'Acme ☃', settings: { zeroDataRetention: true } } },
      { ip: null },
      { userAgent: 'curl' },
      { requestId: 'req-2' },
    ];
    for (const variant of variants) expect(auditEventHash({ ...EVENT, ...variant })).not.toBe(base);
  });
});

// Cross-checked with Python: sha256(json.dumps(doc, sort_keys=True, separators=(',', ':'), ensure_ascii=False)).
const HASH_OF_EVENT = '2cf7a482ef2692f250219b85f3395059be1193827685bebe83b1363bb004ebc9';
