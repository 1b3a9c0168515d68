import { Injectable } from '@nestjs/common';
import type { ConfigBundleInput, ConfigDeltaInput } from '@portcullis/contracts';
import { computeKeyId, type SealedValue } from '@portcullis/signing';
import type { EntityManager } from 'typeorm';
import { Settings } from '../../platform/config/settings.js';
import {
  type BundleApplicationRecord,
  type BundleGrantRecord,
  type BundleKeyRecord,
  readBundleApplications,
  readBundleGrants,
  readBundleKeys,
  readBundleKeysJson,
} from '../access/access.reader.js';
import {
  type BundleModelRecord,
  type BundleProviderRecord,
  readBundleModels,
  readBundleProviders,
} from '../catalog/catalog.reader.js';
import {
  type BundleGroupRecord,
  type BundleTrustedIssuerRecord,
  type BundleUserRecord,
  readBundleGroups,
  readBundleTrustedIssuers,
  readBundleUsers,
} from '../identity/identity.reader.js';
import { type BundleTenantRecord, readBundleTenants } from '../tenants/tenants.reader.js';
import type { ConfigChangeEntity } from './entities/config-change.entity.js';
import { FleetSecretsService } from './fleet-secrets.service.js';
import { SigningKeysService } from './signing-keys.service.js';

export const CONFIG_SCHEMA = 'portcullis.config/v1';
/** How long a bundle's signature stays valid; nodes refuse older ones (their staleness limit is separate). */
export const BUNDLE_VALIDITY_MS = 7 * 86_400_000;
/** Providers have one timeout today; connecting gets at most this much of it. */
const MAX_CONNECT_MS = 10_000;

export interface BundleProvider {
  id: string;
  tenantId: string | null;
  type: BundleProviderRecord<SealedValue>['type'];
  baseUrl: string;
  options: { apiVersion?: string; region?: string };
  timeouts: { connectMs: number; firstByteMs: number; totalMs: number };
  credentials: SealedValue | null;
}

export interface BundleSections {
  tenants: BundleTenantRecord[];
  users: BundleUserRecord[];
  groups: BundleGroupRecord[];
  applications: BundleApplicationRecord[];
  keys: BundleKeyRecord[];
  grants: BundleGrantRecord[];
  models: BundleModelRecord[];
  providers: BundleProvider[];
  trustedIssuers: BundleTrustedIssuerRecord[];
  signingKeys: { kid: string; publicKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string } }[];
}
export type SectionName = keyof BundleSections;

interface Envelope {
  schema: typeof CONFIG_SCHEMA;
  revision: number;
  issuedAt: string;
  expiresAt: string;
}
export type SnapshotDocument = Envelope & { kind: 'snapshot' } & BundleSections;
export type DeltaDocument = Envelope & {
  kind: 'delta';
  fromRevision: number;
  upserts: Partial<BundleSections>;
  deletes: Partial<Record<SectionName, string[]>>;
};

// The documents must be what libs/contracts accepts: checked at compile time here, at run time by nodes.
const _snapshotFits = (document: SnapshotDocument): ConfigBundleInput => document;
const _deltaFits = (document: DeltaDocument): ConfigDeltaInput => document;

/** Which section a change-log entity names (entities the data plane does not carry map to none). */
const SECTION_OF: Readonly<Record<string, SectionName>> = {
  tenant: 'tenants',
  user: 'users',
  group: 'groups',
  application: 'applications',
  'api-key': 'keys',
  grant: 'grants',
  model: 'models',
  provider: 'providers',
  'trusted-issuer': 'trustedIssuers',
};

type IdSets = Partial<Record<SectionName, Set<string>>>;

/** What is read outside the compiling transaction (see BundlePublisher.signedBundle). */
export interface PreparedKeys {
  signingKeys: BundleSections['signingKeys'];
  /** Retired keys no longer announced: deltas tell nodes to drop them. */
  dropped: string[];
}

/**
 * Compiles what the data plane needs from the control plane's tables: the whole configuration
 * (snapshot) or what changed since a revision (delta). Reads go through the caller's manager,
 * inside one REPEATABLE READ transaction, so a document matches exactly one revision.
 */
@Injectable()
export class BundleCompiler {
  constructor(
    private readonly settings: Settings,
    private readonly fleet: FleetSecretsService,
    private readonly signingKeys: SigningKeysService,
  ) {}

  /** Reads the signing keys and warms the fleet key, before a compiling transaction starts. */
  async prepare(): Promise<PreparedKeys> {
    await this.fleet.ready();
    const signingKeys = await Promise.all(
      (await this.signingKeys.announcedKeys()).map(async (jwk) => ({
        kid: jwk.kid ?? (await computeKeyId(jwk)),
        publicKeyJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
      })),
    );
    return { signingKeys, dropped: await this.signingKeys.unannouncedKids() };
  }

  /**
   * The whole configuration as the JSON text of a snapshot document. The keys section, by far the
   * largest (a million keys is hundreds of MiB), comes as text made by PostgreSQL; everything else
   * is read as records and stringified.
   */
  async snapshotJson(
    manager: EntityManager,
    revision: number,
    now: Date,
    keys: PreparedKeys,
  ): Promise<Buffer> {
    const sections = await this.read(manager, undefined, keys, { withoutKeys: true });
    const document: SnapshotDocument = { ...envelope(revision, now), kind: 'snapshot', ...sections };
    // Spliced in this order: '{…before…' ',"keys":[' pages '],' '…after…}'
    const { keys: _spliced, grants, models, providers, trustedIssuers, signingKeys, ...before } = document;
    const head = JSON.stringify(before);
    const tail = JSON.stringify({ grants, models, providers, trustedIssuers, signingKeys });
    const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"keys":[`)];
    const liveTenantIds = sections.tenants.map((tenant) => tenant.id);
    let first = true;
    for await (const page of readBundleKeysJson(manager, liveTenantIds)) {
      parts.push(Buffer.from(first ? page : `,${page}`));
      first = false;
    }
    parts.push(Buffer.from(`],${tail.slice(1)}`));
    return Buffer.concat(parts);
  }

  /** The whole configuration as a document (small configurations, tests: {@link snapshotJson} is what nodes get). */
  async snapshot(
    manager: EntityManager,
    revision: number,
    now: Date,
    keys: PreparedKeys,
  ): Promise<SnapshotDocument> {
    const sections = await this.read(manager, undefined, keys);
    return { ...envelope(revision, now), kind: 'snapshot', ...sections };
  }

  /** The delta from `since` made of `changes` (every revision in (since, revision], in order). */
  async delta(
    manager: EntityManager,
    since: number,
    revision: number,
    changes: readonly ConfigChangeEntity[],
    now: Date,
    keys: PreparedKeys,
  ): Promise<DeltaDocument> {
    const named: IdSets = {};
    const add = (section: SectionName, id: string): void => {
      (named[section] ??= new Set()).add(id);
    };
    for (const change of changes) {
      const section = SECTION_OF[change.entity];
      if (section === undefined) continue;
      add(section, change.entityId);
      for (const userId of change.relatedIds ?? []) add('users', userId);
    }
    const current = await this.read(manager, named, keys);
    const upserts: Partial<BundleSections> = {};
    const deletes: Partial<Record<SectionName, string[]>> = {};
    for (const [section, ids] of Object.entries(named) as [SectionName, Set<string>][]) {
      const found = current[section] as { id: string }[];
      const present = new Set(found.map((record) => record.id));
      if (found.length > 0) (upserts as Record<string, unknown>)[section] = found;
      const gone = [...ids].filter((id) => !present.has(id));
      if (gone.length > 0) deletes[section] = gone;
    }
    upserts.signingKeys = current.signingKeys;
    // Keys past their retirement grace are no longer announced: nodes drop them.
    if (keys.dropped.length > 0) deletes.signingKeys = keys.dropped;
    return { ...envelope(revision, now), kind: 'delta', fromRevision: since, upserts, deletes };
  }

  /**
   * Every section (ids undefined) or only the named records. Records of tenants that are not live
   * are left out, so a document never names a tenant it does not carry.
   */
  private async read(
    manager: EntityManager,
    ids: IdSets | undefined,
    prepared: PreparedKeys,
    { withoutKeys = false } = {},
  ): Promise<BundleSections> {
    const only = (section: SectionName): readonly string[] | undefined =>
      ids === undefined ? undefined : [...(ids[section] ?? [])];
    const skip = (section: SectionName): boolean => ids !== undefined && (ids[section]?.size ?? 0) === 0;
    const liveTenants = await readBundleTenants(manager);
    const live = new Set(liveTenants.map((tenant) => tenant.id));
    const inLive = <T extends { tenantId: string | null }>(records: T[]): T[] =>
      records.filter((record) => record.tenantId === null || live.has(record.tenantId));
    const wanted = only('tenants');
    const tenants =
      wanted === undefined ? liveTenants : liveTenants.filter((tenant) => wanted.includes(tenant.id));
    const masterKey = this.settings.secretKeys.masterKey;
    const seal = (plaintext: string, aad: string): Promise<SealedValue> => this.fleet.seal(plaintext, aad);

    const users = skip('users') ? [] : inLive(await readBundleUsers(manager, only('users')));
    const groups = skip('groups') ? [] : inLive(await readBundleGroups(manager, only('groups')));
    const applications = skip('applications')
      ? []
      : inLive(await readBundleApplications(manager, only('applications')));
    const keys = withoutKeys || skip('keys') ? [] : inLive(await readBundleKeys(manager, only('keys')));
    const grants = skip('grants') ? [] : inLive(await readBundleGrants(manager, only('grants')));
    const models = skip('models') ? [] : inLive(await readBundleModels(manager, only('models')));
    const providers = skip('providers')
      ? []
      : inLive(await readBundleProviders(manager, masterKey, seal, only('providers')));
    const trustedIssuers = skip('trustedIssuers')
      ? []
      : inLive(await readBundleTrustedIssuers(manager, only('trustedIssuers')));
    const { signingKeys } = prepared;
    return {
      tenants: skip('tenants') ? [] : tenants,
      users,
      groups,
      applications,
      keys,
      grants,
      models,
      providers: providers.map(toBundleProvider),
      trustedIssuers,
      signingKeys,
    };
  }
}

function envelope(revision: number, now: Date): Envelope {
  return {
    schema: CONFIG_SCHEMA,
    revision,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + BUNDLE_VALIDITY_MS).toISOString(),
  };
}

function toBundleProvider(provider: BundleProviderRecord<SealedValue>): BundleProvider {
  const options: BundleProvider['options'] = {};
  if (provider.options.apiVersion !== undefined) options.apiVersion = provider.options.apiVersion;
  if (provider.options.region !== undefined) options.region = provider.options.region;
  return {
    id: provider.id,
    tenantId: provider.tenantId,
    type: provider.type,
    baseUrl: provider.baseUrl,
    options,
    timeouts: {
      connectMs: Math.min(MAX_CONNECT_MS, provider.timeoutMs),
      firstByteMs: provider.timeoutMs,
      totalMs: provider.timeoutMs,
    },
    credentials: provider.credentials,
  };
}
