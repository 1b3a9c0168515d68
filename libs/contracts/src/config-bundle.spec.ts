import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_V1, parseConfigBundle } from './config-bundle.js';

const tenant = {
  id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  slug: 'acme',
  name: 'Acme Corp',
  settings: { zeroDataRetention: true },
};

function bundle(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema: CONFIG_SCHEMA_V1,
    revision: 7,
    issuedAt: '2026-01-01T00:00:00Z',
    expiresAt: '2026-01-02T00:00:00Z',
    tenants: [tenant],
    ...overrides,
  };
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = parseConfigBundle(input);
  if (result.ok) {
    throw new Error('expected the bundle to be rejected');
  }
  return result.issues;
}

describe('parseConfigBundle', () => {
  it('accepts a valid bundle', () => {
    const result = parseConfigBundle(bundle());

    expect(result).toEqual({ ok: true, bundle: bundle() });
  });

  it('accepts revision 0, no tenants and datetimes with offsets', () => {
    const input = bundle({
      revision: 0,
      tenants: [],
      issuedAt: '2026-01-01T01:00:00+01:00',
      expiresAt: '2026-01-01T00:00:01Z',
    });

    expect(parseConfigBundle(input).ok).toBe(true);
  });

  it('strips keys it does not know, so newer control planes stay compatible', () => {
    const result = parseConfigBundle(bundle({ routes: [{ model: 'gpt-4o' }] }));

    expect(result.ok && Object.keys(result.bundle)).toEqual([
      'schema',
      'revision',
      'issuedAt',
      'expiresAt',
      'tenants',
    ]);
  });

  it('rejects another schema version', () => {
    expect(issuesOf(bundle({ schema: 'portcullis.config/v2' })).map((issue) => issue.path)).toEqual([
      'schema',
    ]);
  });

  it.each([-1, 1.5, '3', null])('rejects the revision %j', (revision) => {
    expect(issuesOf(bundle({ revision })).map((issue) => issue.path)).toEqual(['revision']);
  });

  it.each(['2026-01-01', 'yesterday', '2026-01-01 00:00:00'])('rejects the issuedAt %j', (issuedAt) => {
    expect(issuesOf(bundle({ issuedAt })).map((issue) => issue.path)).toEqual(['issuedAt']);
  });

  it.each([
    ['before', '2025-12-31T23:59:59Z'],
    ['equal to', '2026-01-01T00:00:00Z'],
    ['equal (other offset) to', '2026-01-01T02:00:00+02:00'],
  ])('rejects expiresAt %s issuedAt', (_label, expiresAt) => {
    expect(issuesOf(bundle({ expiresAt }))).toEqual([
      { path: 'expiresAt', message: 'must be after issuedAt' },
    ]);
  });

  it('names the nested path of every bad tenant field', () => {
    const issues = issuesOf(
      bundle({
        tenants: [
          tenant,
          { id: 'nope', slug: 'Bad Slug', name: '  ', settings: { zeroDataRetention: 'yes' } },
        ],
      }),
    );

    expect(issues.map((issue) => issue.path)).toEqual([
      'tenants[1].id',
      'tenants[1].slug',
      'tenants[1].name',
      'tenants[1].settings.zeroDataRetention',
    ]);
  });

  it('rejects duplicate tenant ids and slugs', () => {
    const issues = issuesOf(bundle({ tenants: [tenant, { ...tenant }] }));

    expect(issues).toEqual([
      { path: 'tenants[1].id', message: 'duplicate tenant id' },
      { path: 'tenants[1].slug', message: 'duplicate tenant slug' },
    ]);
  });

  it('summarises every issue in one readable message', () => {
    const result = parseConfigBundle(bundle({ revision: -1, tenants: [{ ...tenant, id: 'x' }] }));

    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      'revision: Too small: expected number to be >=0; tenants[0].id: Invalid UUID',
    );
  });

  it.each([null, 'bundle', 42, []])('rejects %j at the root', (input) => {
    expect(issuesOf(input).map((issue) => issue.path)).toEqual(['(root)']);
  });
});
