import {
  applyConfigDelta,
  parseConfigBundle,
  parseConfigDelta,
  type BundleSigningKey,
  type ConfigBundle,
} from '@portcullis/contracts';
import { computeKeyId, SignatureError, verifyJson } from '@portcullis/signing';
import type { ConfigDocumentKind, ConfigRejectReason } from '../telemetry/metrics.js';
import type { TrustedKey } from './node-identity.js';

/** The `typ` of a signed config document (decision 0010). */
export const CONFIG_DOCUMENT_TYPE = 'portcullis-config+jws';

export interface AcceptedDocument {
  ok: true;
  kind: ConfigDocumentKind;
  /** The whole configuration once this document is applied (a delta merged onto the current one). */
  bundle: ConfigBundle;
  /** Signing keys the document announces: a snapshot's whole list, or a delta's upserts. */
  announcedKeys: TrustedKey[];
  /** The kid of the key that signed the document. */
  signedBy: string;
}

export interface RejectedDocument {
  ok: false;
  reason: ConfigRejectReason;
  /** Safe to log: it never quotes the document. */
  message: string;
}

/** What the order check needs from a document. */
export type DocumentOrder = { kind: 'snapshot'; revision: number } | { kind: 'delta'; fromRevision: number };

/**
 * Whether a document may follow the revision in force (decision 0010): a snapshot must not be
 * older than it, a delta must start exactly from it. Returns why not, or undefined.
 *
 * @example
 * checkOrder(41, { kind: 'delta', fromRevision: 40 }); // 'delta from revision 40 does not apply to the current revision 41'
 */
export function checkOrder(current: number | undefined, doc: DocumentOrder): string | undefined {
  if (doc.kind === 'snapshot') {
    return current !== undefined && doc.revision < current
      ? `snapshot revision ${doc.revision} is older than the current revision ${current}`
      : undefined;
  }
  if (current === undefined) {
    return `delta from revision ${doc.fromRevision} arrived before any snapshot`;
  }
  return doc.fromRevision === current
    ? undefined
    : `delta from revision ${doc.fromRevision} does not apply to the current revision ${current}`;
}

/**
 * The announced keys as trusted keys. A kid is the key's RFC 7638 thumbprint: an announcement
 * whose kid is not is ignored rather than trusted under a name that belongs to another key.
 */
async function toTrustedKeys(keys: readonly BundleSigningKey[] | undefined): Promise<TrustedKey[]> {
  const trusted: TrustedKey[] = [];
  for (const key of keys ?? []) {
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: key.publicKeyJwk.x } as const;
    if ((await computeKeyId(jwk)) === key.kid) {
      trusted.push({ ...jwk, kid: key.kid });
    }
  }
  return trusted;
}

/**
 * Checks a signed config document in the order decision 0010 prescribes, touching nothing:
 * signature against the trusted keys, then schema (`parseConfigBundle` / `parseConfigDelta`), then
 * revision order, then (for a delta) the merge onto the current bundle, then expiry.
 *
 * @example
 * const doc = await openConfigDocument(jws, identity.trustedKeys, store.current(), new Date());
 * if (!doc.ok) metrics.configRejected(doc.reason);
 */
export async function openConfigDocument(
  jws: string,
  trustedKeys: readonly TrustedKey[],
  current: Readonly<ConfigBundle> | undefined,
  now: Date,
): Promise<AcceptedDocument | RejectedDocument> {
  let payload: unknown;
  let signedBy: string;
  try {
    ({ payload, kid: signedBy } = await verifyJson(jws, trustedKeys, { typ: CONFIG_DOCUMENT_TYPE }));
  } catch (err) {
    if (err instanceof SignatureError) {
      return { ok: false, reason: 'signature', message: `${err.code}: ${err.message}` };
    }
    throw err;
  }

  let accepted: AcceptedDocument;
  const isDelta =
    typeof payload === 'object' && payload !== null && (payload as { kind?: unknown }).kind === 'delta';
  if (isDelta) {
    const parsed = parseConfigDelta(payload);
    if (!parsed.ok) {
      return { ok: false, reason: 'schema', message: parsed.message };
    }
    const delta = parsed.delta;
    const outOfOrder = checkOrder(current?.revision, { kind: 'delta', fromRevision: delta.fromRevision });
    if (outOfOrder !== undefined || current === undefined) {
      return { ok: false, reason: 'order', message: outOfOrder ?? 'no snapshot to apply a delta to' };
    }
    const merged = applyConfigDelta(current, delta);
    if (!merged.ok) {
      return {
        ok: false,
        reason: 'schema',
        message: `the delta does not fit the current config: ${merged.message}`,
      };
    }
    accepted = {
      ok: true,
      kind: 'delta',
      bundle: merged.bundle,
      announcedKeys: await toTrustedKeys(delta.upserts.signingKeys),
      signedBy,
    };
  } else {
    const parsed = parseConfigBundle(payload);
    if (!parsed.ok) {
      return { ok: false, reason: 'schema', message: parsed.message };
    }
    const outOfOrder = checkOrder(current?.revision, { kind: 'snapshot', revision: parsed.bundle.revision });
    if (outOfOrder !== undefined) {
      return { ok: false, reason: 'order', message: outOfOrder };
    }
    accepted = {
      ok: true,
      kind: 'snapshot',
      bundle: parsed.bundle,
      announcedKeys: await toTrustedKeys(parsed.bundle.signingKeys),
      signedBy,
    };
  }

  if (Date.parse(accepted.bundle.expiresAt) <= now.getTime()) {
    return {
      ok: false,
      reason: 'expired',
      message: `revision ${accepted.bundle.revision} expired at ${accepted.bundle.expiresAt}`,
    };
  }
  return accepted;
}

/**
 * The trusted keys after an accepted document (decision 0010): a snapshot's list replaces them
 * (dropping keys it no longer lists), a delta's announced keys are added. A snapshot that lists
 * no key at all leaves them as they are, rather than leaving the node unable to verify anything.
 */
export function nextTrustedKeys(
  current: readonly TrustedKey[],
  doc: AcceptedDocument,
): readonly TrustedKey[] {
  if (doc.kind === 'snapshot') {
    return doc.announcedKeys.length === 0 ? current : doc.announcedKeys;
  }
  const known = new Set(current.map((key) => key.kid));
  const added = doc.announcedKeys.filter((key) => !known.has(key.kid));
  return added.length === 0 ? current : [...current, ...added];
}

/** Whether two trusted sets hold the same kids. */
export function sameKeys(a: readonly TrustedKey[], b: readonly TrustedKey[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  const kids = new Set(a.map((key) => key.kid));
  return b.every((key) => kids.has(key.kid));
}
