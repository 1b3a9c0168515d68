import { generateSigningKey, signJson, type SigningKey } from '@portcullis/signing';
import { parseConfigBundle, type ConfigBundle } from '@portcullis/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeControlPlane, tamperSignature } from '../../test/support/fake-control-plane.js';
import { checkOrder, nextTrustedKeys, openConfigDocument, type AcceptedDocument } from './config-document.js';
import type { TrustedKey } from './node-identity.js';

const USER_ID = '6f1d3c1e-6b44-4d1e-9a49-2b8d3e8f0a01';
const NOW = new Date();

let cp: FakeControlPlane;
let other: SigningKey;
let trusted: TrustedKey[];

beforeAll(async () => {
  // Only its document builders and signing key are used; no server traffic.
  cp = await FakeControlPlane.start();
  await cp.close();
  other = await generateSigningKey();
  trusted = [cp.trustedKey];
});

function bundleAt(revision: number): ConfigBundle {
  const parsed = parseConfigBundle(cp.snapshot(revision));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.bundle;
}

const user = {
  id: USER_ID,
  tenantId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  active: true,
  groups: [],
  userName: 'ada@acme.test',
};

describe(checkOrder.name, () => {
  it.each([
    [undefined, 1],
    [5, 5],
    [5, 9],
  ])('accepts a snapshot at revision %s → %s', (current, revision) => {
    expect(checkOrder(current, { kind: 'snapshot', revision })).toBeUndefined();
  });

  it('refuses a snapshot older than the current revision', () => {
    expect(checkOrder(7, { kind: 'snapshot', revision: 6 })).toBe(
      'snapshot revision 6 is older than the current revision 7',
    );
  });

  it('accepts a delta only from exactly the current revision', () => {
    expect(checkOrder(7, { kind: 'delta', fromRevision: 7 })).toBeUndefined();
    expect(checkOrder(7, { kind: 'delta', fromRevision: 6 })).toBe(
      'delta from revision 6 does not apply to the current revision 7',
    );
    expect(checkOrder(7, { kind: 'delta', fromRevision: 8 })).toBe(
      'delta from revision 8 does not apply to the current revision 7',
    );
    expect(checkOrder(undefined, { kind: 'delta', fromRevision: 0 })).toBe(
      'delta from revision 0 arrived before any snapshot',
    );
  });
});

describe(openConfigDocument.name, () => {
  it('opens a signed snapshot and lists the keys it announces', async () => {
    const doc = await openConfigDocument(await cp.sign(cp.snapshot(3)), trusted, undefined, NOW);

    expect(doc).toMatchObject({ ok: true, kind: 'snapshot', signedBy: cp.signingKey.kid });
    expect((doc as AcceptedDocument).bundle.revision).toBe(3);
    expect((doc as AcceptedDocument).announcedKeys).toEqual(
      [cp.trustedKey].map(({ kty, crv, x, kid }) => ({ kty, crv, x, kid })),
    );
  });

  it('ignores an announced key whose kid is not its thumbprint', async () => {
    const forged = [
      { kid: cp.signingKey.kid, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: other.publicJwk.x } },
    ];
    const jws = await cp.sign(cp.delta(3, 4, { signingKeys: forged }));

    const doc = await openConfigDocument(jws, trusted, bundleAt(3), NOW);

    expect(doc.ok && doc.announcedKeys).toEqual([]);
  });

  it('merges a delta onto the current bundle', async () => {
    const jws = await cp.sign(cp.delta(3, 4, { users: [user] }));

    const doc = await openConfigDocument(jws, trusted, bundleAt(3), NOW);

    expect(doc.ok && doc.kind).toBe('delta');
    expect(doc.ok && doc.bundle.revision).toBe(4);
    expect(doc.ok && doc.bundle.users.map((u) => u.id)).toEqual([USER_ID]);
  });

  it('refuses a signature altered in transit', async () => {
    const jws = tamperSignature(await cp.sign(cp.snapshot(3)));

    expect(await openConfigDocument(jws, trusted, undefined, NOW)).toEqual({
      ok: false,
      reason: 'signature',
      message: 'BAD_SIGNATURE: The signature does not match the trusted key.',
    });
  });

  it('refuses a document signed by a key it does not trust', async () => {
    const jws = await cp.sign(cp.snapshot(3), other);

    expect(await openConfigDocument(jws, trusted, undefined, NOW)).toMatchObject({
      ok: false,
      reason: 'signature',
      message: expect.stringContaining('UNKNOWN_KEY') as unknown,
    });
  });

  it('refuses a JWS of another type signed by a trusted key', async () => {
    const jws = await signJson(cp.snapshot(3), cp.signingKey, { typ: 'portcullis-node+jwt' });

    expect(await openConfigDocument(jws, trusted, undefined, NOW)).toMatchObject({
      ok: false,
      reason: 'signature',
    });
  });

  it('refuses a signed document that breaks the schema, naming the field', async () => {
    const jws = await cp.sign({ ...cp.snapshot(3), tenants: [{ id: 'nope' }] });

    const doc = await openConfigDocument(jws, trusted, undefined, NOW);

    expect(doc).toMatchObject({ ok: false, reason: 'schema' });
    expect(!doc.ok && doc.message).toContain('tenants[0].id');
  });

  it('refuses an older snapshot and an out-of-order delta', async () => {
    expect(await openConfigDocument(await cp.sign(cp.snapshot(2)), trusted, bundleAt(3), NOW)).toMatchObject({
      ok: false,
      reason: 'order',
    });
    expect(await openConfigDocument(await cp.sign(cp.delta(4, 5)), trusted, bundleAt(3), NOW)).toMatchObject({
      ok: false,
      reason: 'order',
    });
    expect(await openConfigDocument(await cp.sign(cp.delta(0, 1)), trusted, undefined, NOW)).toMatchObject({
      ok: false,
      reason: 'order',
    });
  });

  it('refuses a delta whose result would be invalid', async () => {
    const orphan = { ...user, tenantId: '00000000-0000-4000-8000-000000000000' };
    const doc = await openConfigDocument(
      await cp.sign(cp.delta(3, 4, { users: [orphan] })),
      trusted,
      bundleAt(3),
      NOW,
    );

    expect(doc).toMatchObject({ ok: false, reason: 'schema' });
  });

  it('refuses an expired document', async () => {
    const doc = await openConfigDocument(
      await cp.sign(cp.snapshot(3)),
      trusted,
      undefined,
      new Date(Date.now() + 8 * 86_400_000),
    );

    expect(doc).toMatchObject({ ok: false, reason: 'expired' });
  });
});

describe(nextTrustedKeys.name, () => {
  const key = (kid: string): TrustedKey => ({ kty: 'OKP', crv: 'Ed25519', x: 'x'.repeat(43), kid });
  const accepted = (kind: 'snapshot' | 'delta', announced: TrustedKey[]): AcceptedDocument => ({
    ok: true,
    kind,
    bundle: bundleAt(1),
    announcedKeys: announced,
    signedBy: 'a',
  });

  it('replaces the set with a snapshot’s list', () => {
    expect(nextTrustedKeys([key('a'), key('b')], accepted('snapshot', [key('b'), key('c')]))).toEqual([
      key('b'),
      key('c'),
    ]);
  });

  it('keeps the set when a snapshot lists no key', () => {
    const current = [key('a')];
    expect(nextTrustedKeys(current, accepted('snapshot', []))).toBe(current);
  });

  it('adds a delta’s keys and never drops one', () => {
    expect(nextTrustedKeys([key('a')], accepted('delta', [key('a'), key('b')]))).toEqual([
      key('a'),
      key('b'),
    ]);
  });
});
