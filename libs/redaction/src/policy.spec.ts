import { describe, expect, it } from 'vitest';
import { compilePolicy, RedactionPolicyError } from './policy.js';
import { createSession } from './session.js';
import { ENTITY_TYPES } from './types.js';

const KEY = 'tenant-key';

/** The message of the error `fn` throws, or fails the test. */
function policyError(fn: () => unknown): RedactionPolicyError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RedactionPolicyError) return error;
    throw error;
  }
  throw new Error('expected a RedactionPolicyError');
}

describe('compilePolicy: tenant rules', () => {
  it('runs custom RE2 patterns and keyword lists beside the built-ins', () => {
    const policy = compilePolicy({
      rules: [
        { name: 'employee ids', kind: 'pattern', entityType: 'EMPLOYEE_ID', pattern: 'EMP-[0-9]{6}' },
        {
          name: 'projects',
          kind: 'keywords',
          entityType: 'PROJECT',
          keywords: ['Project Phoenix', 'bluebird'],
        },
      ],
    });
    const text = 'EMP-123456 on project   phoenix and BlueBird, not bluebirds; mail a@b.io';
    expect(policy.detect(text).map((f) => [f.type, f.rule, text.slice(f.start, f.end)])).toEqual([
      ['EMPLOYEE_ID', 'employee ids', 'EMP-123456'],
      ['PROJECT', 'projects', 'project   phoenix'],
      ['PROJECT', 'projects', 'BlueBird'],
      ['EMAIL', 'EMAIL', 'a@b.io'],
    ]);
  });

  it('honours case-insensitive patterns', () => {
    const policy = compilePolicy({
      rules: [
        {
          name: 'tickets',
          kind: 'pattern',
          entityType: 'TICKET',
          pattern: 'tkt-\\d+',
          caseInsensitive: true,
        },
      ],
    });
    expect(policy.detect('TKT-42').map((f) => f.type)).toEqual(['TICKET']);
  });

  it('disables built-in types and sets actions per type', () => {
    const policy = compilePolicy({
      builtins: { EMAIL: { enabled: false }, PHONE: { action: 'block' } },
      defaultAction: 'tokenize',
    });
    const findings = policy.detect('a@b.io, call +1 415 555 2671; host 10.0.0.1');
    expect(findings.map((f) => [f.type, f.action])).toEqual([
      ['PHONE', 'block'],
      ['IP_ADDRESS', 'tokenize'],
    ]);
  });

  it('never redacts allow-listed values, exact (any case) or by pattern', () => {
    const policy = compilePolicy({
      allow: [{ value: 'Support@Acme.com' }, { pattern: '[a-z]+@example\\.org' }],
    });
    const text = 'support@acme.com, help@example.org, bob@acme.com';
    expect(policy.detect(text).map((f) => text.slice(f.start, f.end))).toEqual(['bob@acme.com']);
  });

  it('lets priority, then length, then order decide overlaps', () => {
    const rules = [
      { name: 'domain', kind: 'pattern', entityType: 'DOMAIN', pattern: 'acme\\.com', priority: 5 },
    ];
    const text = 'bob@acme.com';
    expect(
      compilePolicy({ rules })
        .detect(text)
        .map((f) => f.type),
    ).toEqual(['DOMAIN']);
    expect(
      compilePolicy({ rules: [{ ...rules[0], priority: 0 }] })
        .detect(text)
        .map((f) => f.type),
    ).toEqual(['EMAIL']);
  });

  it('skips disabled custom rules', () => {
    const policy = compilePolicy({
      rules: [{ name: 'x', kind: 'keywords', entityType: 'X', keywords: ['secretword'], enabled: false }],
    });
    expect(policy.detect('secretword')).toEqual([]);
  });

  it('finishes a pathological pattern on a long input (RE2: no backtracking)', () => {
    const policy = compilePolicy({
      builtins: Object.fromEntries(ENTITY_TYPES.map((t) => [t, { enabled: false }])),
      rules: [
        { name: 'redos', kind: 'pattern', entityType: 'REDOS', pattern: '(a+)+$' },
        { name: 'redos2', kind: 'pattern', entityType: 'REDOS', pattern: '(a|aa)*b' },
      ],
    });
    const text = `${'a'.repeat(200_000)}!`;
    expect(policy.detect(text)).toEqual([]);
    expect(policy.detect('aaab').map((f) => f.type)).toEqual(['REDOS']);
  });
});

describe('compilePolicy: refusals name the rule', () => {
  it.each([
    ['a backreference', '(a)\\1', /bad one: pattern does not compile on RE2/],
    ['a lookahead', 'a(?=b)', /bad one: pattern does not compile on RE2/],
    ['an unbalanced group', '(a', /bad one: pattern does not compile on RE2.*missing \)/],
    ['a pattern matching nothing at all', 'a*', /bad one: pattern matches the empty string/],
  ])('refuses %s', (_label, pattern, message) => {
    const error = policyError(() =>
      compilePolicy({ rules: [{ name: 'bad one', kind: 'pattern', entityType: 'BAD', pattern }] }),
    );
    expect(error.issues.map((i) => i.rule)).toEqual(['bad one']);
    expect(error.message).toMatch(message);
  });

  it('reports every bad rule at once, and bad allow-list patterns', () => {
    const error = policyError(() =>
      compilePolicy({
        rules: [
          { name: 'one', kind: 'pattern', entityType: 'A', pattern: '(' },
          { name: 'two', kind: 'pattern', entityType: 'B', pattern: 'ok' },
          { name: 'three', kind: 'pattern', entityType: 'C', pattern: '\\' },
        ],
        allow: [{ pattern: '[' }],
      }),
    );
    expect(error.issues.map((i) => i.rule)).toEqual(['one', 'three', 'allow[0]']);
  });

  it('refuses malformed rules with the rule name and field', () => {
    const error = policyError(() =>
      compilePolicy({ rules: [{ name: 'lower', kind: 'pattern', entityType: 'lower case', pattern: 'x' }] }),
    );
    expect(error.issues[0]?.rule).toBe('lower (entityType)');
  });

  it('refuses unknown actions and unknown built-in types', () => {
    const error = policyError(() =>
      compilePolicy({ builtins: { NAME: { enabled: false } }, defaultAction: 'shred' }),
    );
    const places = error.issues.map((i) => i.rule);
    expect(places).toContain('defaultAction');
    expect(places.some((p) => p.startsWith('builtins'))).toBe(true);
  });

  it('refuses two rules with one name', () => {
    const error = policyError(() =>
      compilePolicy({
        rules: [
          { name: 'dup', kind: 'keywords', entityType: 'A', keywords: ['x'] },
          { name: 'dup', kind: 'keywords', entityType: 'B', keywords: ['y'] },
        ],
      }),
    );
    expect(error.issues).toEqual([{ rule: 'dup (name)', message: 'duplicate rule name "dup"' }]);
  });

  it('refuses the hash action without a tenant key', () => {
    const error = policyError(() => compilePolicy({ builtins: { EMAIL: { action: 'hash' } } }));
    expect(error.issues).toEqual([{ rule: 'EMAIL', message: 'action "hash" needs the tenant hash key' }]);
    expect(() => compilePolicy({ builtins: { EMAIL: { action: 'hash' } } }, { hashKey: KEY })).not.toThrow();
  });

  it('refuses keywords that have no word in them', () => {
    const error = policyError(() =>
      compilePolicy({ rules: [{ name: 'punct', kind: 'keywords', entityType: 'P', keywords: ['---'] }] }),
    );
    expect(error.issues[0]?.rule).toBe('punct');
  });
});

describe('dry run', () => {
  it('reports findings and counts but changes nothing and never blocks', () => {
    const session = createSession(compilePolicy({ dryRun: true, defaultAction: 'block' }));
    const text = 'mail bob@example.com';
    const result = session.redact(text);
    expect(result.text).toBe(text);
    expect(result.findings.map((f) => [f.type, f.action])).toEqual([['EMAIL', 'block']]);
    expect(session.blocked).toBeUndefined();
    expect(session.counts).toEqual({ EMAIL: 1 });
  });
});
