import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, standing } from './policy.js';
import type { ApplicationPrincipal, Decision, PolicySnapshot, Principal, UserPrincipal } from './types.js';

const NOW = Date.UTC(2025, 0, 15, 12);

const snapshot: PolicySnapshot = {
  models: [
    { alias: 'gpt-4o', tenantId: null },
    { alias: 'claude', tenantId: null },
    // Acme's own "claude" shadows the platform one and demands MFA.
    { alias: 'claude', tenantId: 'acme', requiredClaims: [{ claim: 'amr', anyOf: ['mfa', 'hwk'] }] },
    {
      alias: 'internal-llm',
      tenantId: 'acme',
      requiredClaims: [
        { claim: 'amr', anyOf: ['mfa'] },
        { claim: 'clearance', anyOf: ['2', 'true'] },
      ],
    },
    { alias: 'globex-secret', tenantId: 'globex' },
  ],
  grants: [
    { tenantId: 'acme', model: 'gpt-4o', subject: { kind: 'group', id: 'eng' } },
    { tenantId: 'acme', model: 'claude', subject: { kind: 'group', id: 'eng' } },
    { tenantId: 'acme', model: 'internal-llm', subject: { kind: 'user', id: 'alice' } },
    { tenantId: 'acme', model: 'gpt-4o', subject: { kind: 'user', id: 'alice' } },
    { tenantId: 'acme', model: '*', subject: { kind: 'application', id: 'billing-bot' } },
    { tenantId: 'acme', model: 'claude', subject: { kind: 'user', id: 'svc' } },
    { tenantId: 'globex', model: 'gpt-4o', subject: { kind: 'tenant', id: 'globex' } },
    { tenantId: 'globex', model: '*', subject: { kind: 'group', id: 'all-models' } },
    { tenantId: 'globex', model: 'globex-secret', subject: { kind: 'user', id: 'bob' } },
  ],
};
const policy = compilePolicy(snapshot);

const user = (overrides: Partial<UserPrincipal> = {}): UserPrincipal => ({
  kind: 'user',
  id: 'carol',
  tenantId: 'acme',
  active: true,
  groups: [],
  ...overrides,
});
const app = (overrides: Partial<ApplicationPrincipal> = {}): ApplicationPrincipal => ({
  kind: 'application',
  id: 'billing-bot',
  tenantId: 'acme',
  active: true,
  ...overrides,
});

const codes = (decision: Decision): string[] => decision.reasons.map((r) => r.code);
const run = (principal: Principal, model: string): Decision => policy.decide(principal, model, NOW);

describe('grants', () => {
  it('allows through a group grant', () => {
    const decision = run(user({ groups: ['design', 'eng'] }), 'gpt-4o');
    expect(decision.allowed).toBe(true);
    expect(codes(decision)).toEqual(['PRINCIPAL_ACTIVE', 'MODEL_FOUND', 'GRANTED_VIA_GROUP']);
    expect(decision.reasons.at(-1)?.message).toBe('User carol is granted "gpt-4o" through group eng.');
  });

  it('prefers naming a direct user grant over a group grant', () => {
    const decision = run(user({ id: 'alice', groups: ['eng'] }), 'gpt-4o');
    expect(decision).toMatchObject({ allowed: true });
    expect(codes(decision)).toContain('GRANTED_VIA_USER');
  });

  it('allows an application through a wildcard grant', () => {
    const decision = run(app(), 'gpt-4o');
    expect(decision.allowed).toBe(true);
    expect(codes(decision)).toEqual(['PRINCIPAL_ACTIVE', 'MODEL_FOUND', 'GRANTED_VIA_APPLICATION']);
  });

  it('allows everyone in a tenant through a tenant grant', () => {
    const decision = run(user({ id: 'dave', tenantId: 'globex' }), 'gpt-4o');
    expect(decision.allowed).toBe(true);
    expect(codes(decision)).toEqual(['PRINCIPAL_ACTIVE', 'MODEL_FOUND', 'GRANTED_VIA_TENANT']);
  });

  it('denies without a grant', () => {
    const decision = run(user({ groups: ['design'] }), 'gpt-4o');
    expect(decision.allowed).toBe(false);
    expect(decision.reasons.at(-1)).toEqual({
      code: 'NO_GRANT',
      ok: false,
      message: 'No grant gives user carol access to "gpt-4o".',
    });
  });

  it('does not let a grant for a user apply to an application with the same id', () => {
    expect(run(app({ id: 'svc' }), 'claude').reasons.at(-1)?.code).toBe('NO_GRANT');
    expect(run(user({ id: 'svc' }), 'claude').reasons.at(-1)?.code).not.toBe('NO_GRANT');
  });
});

describe('tenant isolation', () => {
  it('answers MODEL_UNKNOWN for another tenant’s model exactly as for a model that does not exist', () => {
    const foreign = run(user({ id: 'bob' }), 'globex-secret');
    const missing = run(user({ id: 'bob' }), 'no-such-model');
    expect(foreign.allowed).toBe(false);
    expect(codes(foreign)).toEqual(['PRINCIPAL_ACTIVE', 'MODEL_UNKNOWN']);
    expect(codes(missing)).toEqual(codes(foreign));
    expect(foreign.reasons[1]?.message).toBe(
      missing.reasons[1]?.message.replace('no-such-model', 'globex-secret'),
    );
  });

  it('ignores grants of another tenant for the same group, user or application id', () => {
    // "all-models" and "bob" hold grants in globex only.
    expect(codes(run(user({ groups: ['all-models'] }), 'gpt-4o'))).toContain('NO_GRANT');
    expect(codes(run(user({ id: 'bob' }), 'gpt-4o'))).toContain('NO_GRANT');
    expect(codes(run(app({ tenantId: 'globex' }), 'claude'))).toContain('NO_GRANT');
  });

  it('lets a tenant’s own model shadow the platform model of the same alias', () => {
    const acme = run(user({ groups: ['eng'] }), 'claude');
    expect(codes(acme)).toContain('MISSING_CLAIM');
    const globex = run(user({ tenantId: 'globex', groups: ['all-models'] }), 'claude');
    expect(globex.allowed).toBe(true);
    expect(codes(globex)).not.toContain('MISSING_CLAIM');
  });

  it('knows no tenant that has neither models nor grants, but still serves it platform models', () => {
    const decision = run(user({ tenantId: 'initech' }), 'gpt-4o');
    expect(codes(decision)).toEqual(['PRINCIPAL_ACTIVE', 'MODEL_FOUND', 'NO_GRANT']);
  });
});

describe('principal and key', () => {
  it('denies a deactivated principal even when a grant exists, and still explains the grant', () => {
    const decision = run(user({ active: false, groups: ['eng'] }), 'gpt-4o');
    expect(decision.allowed).toBe(false);
    expect(decision.reasons[0]).toEqual({
      code: 'PRINCIPAL_INACTIVE',
      ok: false,
      message: 'User carol is deactivated.',
    });
    expect(codes(decision)).toContain('GRANTED_VIA_GROUP');
  });

  it('accepts a valid key', () => {
    const decision = run(app({ key: { id: 'k1', revoked: false, expiresAt: NOW + 1 } }), 'gpt-4o');
    expect(decision.allowed).toBe(true);
    expect(codes(decision)).toEqual([
      'PRINCIPAL_ACTIVE',
      'KEY_VALID',
      'MODEL_FOUND',
      'GRANTED_VIA_APPLICATION',
    ]);
  });

  it('denies a revoked key', () => {
    const decision = run(app({ key: { id: 'k1', revoked: true } }), 'gpt-4o');
    expect(decision.allowed).toBe(false);
    expect(codes(decision)).toEqual([
      'PRINCIPAL_ACTIVE',
      'KEY_REVOKED',
      'MODEL_FOUND',
      'GRANTED_VIA_APPLICATION',
    ]);
  });

  it('denies a key from the instant it expires', () => {
    const decision = run(app({ key: { id: 'k1', revoked: false, expiresAt: NOW } }), 'gpt-4o');
    expect(decision.allowed).toBe(false);
    expect(decision.reasons[1]).toEqual({
      code: 'KEY_EXPIRED',
      ok: false,
      message: 'API key k1 expired at 2025-01-15T12:00:00.000Z.',
    });
  });

  it('reports every denial, in order, when several apply', () => {
    const decision = run(
      user({ active: false, key: { id: 'k1', revoked: true, expiresAt: NOW - 1, scopeModels: ['claude'] } }),
      'gpt-4o',
    );
    expect(decision.allowed).toBe(false);
    expect(codes(decision)).toEqual([
      'PRINCIPAL_INACTIVE',
      'KEY_REVOKED',
      'KEY_EXPIRED',
      'MODEL_FOUND',
      'KEY_SCOPE_EXCLUDES_MODEL',
      'NO_GRANT',
    ]);
    expect(decision.reasons.map((r) => r.ok)).toEqual([false, false, false, true, false, false]);
  });

  it('enforces the key scope', () => {
    const scoped = app({ key: { id: 'k1', revoked: false, scopeModels: ['claude'] } });
    const outside = run(scoped, 'gpt-4o');
    expect(outside.allowed).toBe(false);
    expect(outside.reasons).toContainEqual({
      code: 'KEY_SCOPE_EXCLUDES_MODEL',
      ok: false,
      message: 'API key k1 is scoped to other models than "gpt-4o".',
    });
    expect(codes(run(scoped, 'claude'))).toContain('KEY_SCOPE_ALLOWS_MODEL');
    expect(run(app({ key: { id: 'k1', revoked: false, scopeModels: [] } }), 'claude').allowed).toBe(false);
  });
});

describe('required claims', () => {
  const alice = (claims?: Record<string, unknown>): UserPrincipal =>
    user({ id: 'alice', ...(claims && { claims }) });

  it('allows when every required claim matches, explaining the whole chain in order', () => {
    const decision = run(
      {
        ...alice({ amr: ['pwd', 'mfa'], clearance: 2 }),
        key: { id: 'k1', revoked: false, scopeModels: ['internal-llm'] },
      },
      'internal-llm',
    );
    expect(decision.allowed).toBe(true);
    expect(codes(decision)).toEqual([
      'PRINCIPAL_ACTIVE',
      'KEY_VALID',
      'MODEL_FOUND',
      'KEY_SCOPE_ALLOWS_MODEL',
      'CLAIM_SATISFIED',
      'CLAIM_SATISFIED',
      'GRANTED_VIA_USER',
    ]);
  });

  it('matches string, boolean and array claims', () => {
    expect(run(alice({ amr: 'mfa', clearance: true }), 'internal-llm').allowed).toBe(true);
    expect(run(alice({ amr: ['mfa'], clearance: '2' }), 'internal-llm').allowed).toBe(true);
  });

  it('denies a missing claim, naming it and the accepted values', () => {
    const decision = run(alice(), 'internal-llm');
    expect(decision.allowed).toBe(false);
    expect(decision.reasons.filter((r) => r.code === 'MISSING_CLAIM')).toEqual([
      {
        code: 'MISSING_CLAIM',
        ok: false,
        message: '"internal-llm" requires the token claim "amr" (one of: mfa).',
      },
      {
        code: 'MISSING_CLAIM',
        ok: false,
        message: '"internal-llm" requires the token claim "clearance" (one of: 2, true).',
      },
    ]);
  });

  it('denies a claim with a value that is not accepted', () => {
    const decision = run(alice({ amr: ['pwd'], clearance: { level: 2 } }), 'internal-llm');
    expect(decision.allowed).toBe(false);
    expect(codes(decision).filter((c) => c.startsWith('CLAIM'))).toEqual([
      'CLAIM_NOT_ALLOWED',
      'CLAIM_NOT_ALLOWED',
    ]);
  });

  it('treats a null claim as missing and never reads claims from the prototype', () => {
    const withPrototypeClaim: PolicySnapshot = {
      models: [{ alias: 'm', tenantId: null, requiredClaims: [{ claim: 'constructor', anyOf: ['x'] }] }],
      grants: [{ tenantId: 'acme', model: 'm', subject: { kind: 'tenant', id: 'acme' } }],
    };
    expect(codes(decide(user({ claims: {} }), 'm', withPrototypeClaim, NOW))).toContain('MISSING_CLAIM');
    expect(codes(run(alice({ amr: null, clearance: 2 }), 'internal-llm'))).toContain('MISSING_CLAIM');
  });

  it("checks the token issuer's requirements on every model, before the model's own", () => {
    const mfaOnly = [{ claim: 'amr', anyOf: ['mfa', 'hwk'] }];
    const withoutMfa = run(
      user({ groups: ['eng'], claims: { amr: ['pwd'] }, requiredClaims: mfaOnly }),
      'gpt-4o',
    );
    expect(withoutMfa.allowed).toBe(false);
    expect(withoutMfa.reasons.find((r) => !r.ok)).toEqual({
      code: 'CLAIM_NOT_ALLOWED',
      ok: false,
      message: 'Tokens of this issuer require the token claim "amr" to be one of: mfa, hwk.',
    });
    const withMfa = run(
      user({ groups: ['eng'], claims: { amr: ['pwd', 'hwk'] }, requiredClaims: mfaOnly }),
      'claude',
    );
    expect(withMfa.allowed).toBe(true);
    expect(codes(withMfa)).toEqual([
      'PRINCIPAL_ACTIVE',
      'MODEL_FOUND',
      'CLAIM_SATISFIED',
      'CLAIM_SATISFIED',
      'GRANTED_VIA_GROUP',
    ]);
    expect(codes(run(user({ groups: ['eng'], requiredClaims: mfaOnly }), 'gpt-4o'))).toContain(
      'MISSING_CLAIM',
    );
  });

  it('applies claim requirements to key-authenticated applications too', () => {
    expect(codes(run(app(), 'internal-llm'))).toEqual([
      'PRINCIPAL_ACTIVE',
      'MODEL_FOUND',
      'MISSING_CLAIM',
      'MISSING_CLAIM',
      'GRANTED_VIA_APPLICATION',
    ]);
  });
});

describe('compilePolicy', () => {
  it('gives the same answers as the one-shot decide', () => {
    const principal = user({ groups: ['eng'] });
    expect(decide(principal, 'gpt-4o', snapshot, NOW)).toEqual(policy.decide(principal, 'gpt-4o', NOW));
  });

  it('rejects a model alias declared twice in one scope', () => {
    const m = { alias: 'x', tenantId: 'acme' };
    expect(() => compilePolicy({ models: [m, m], grants: [] })).toThrow(/"x" is declared twice for acme/);
    expect(() =>
      compilePolicy({
        models: [
          { alias: 'x', tenantId: null },
          { alias: 'x', tenantId: null },
        ],
        grants: [],
      }),
    ).toThrow(/the platform/);
    expect(() => compilePolicy({ models: [m, { alias: 'x', tenantId: null }], grants: [] })).not.toThrow();
  });

  it('finds a group grant among many groups', () => {
    const groups = Array.from({ length: 10_000 }, (_, i) => `g${i}`);
    expect(run(user({ groups: [...groups, 'eng'] }), 'gpt-4o').allowed).toBe(true);
    expect(run(user({ groups }), 'gpt-4o').allowed).toBe(false);
  });
});

describe('standing', () => {
  it('answers whether the caller may call anything, without naming a model', () => {
    expect(standing(user(), NOW)).toEqual({
      allowed: true,
      reasons: [{ code: 'PRINCIPAL_ACTIVE', ok: true, message: 'User carol is active.' }],
    });
    expect(codes(standing(user({ active: false }), NOW))).toEqual(['PRINCIPAL_INACTIVE']);
    const revoked = standing(app({ key: { id: 'k1', revoked: true } }), NOW);
    expect(revoked.allowed).toBe(false);
    expect(codes(revoked)).toEqual(['PRINCIPAL_ACTIVE', 'KEY_REVOKED']);
  });
});
