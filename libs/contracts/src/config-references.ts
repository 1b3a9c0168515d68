import type {
  BundleApplication,
  BundleGrant,
  BundleGroup,
  BundleKey,
  BundleModel,
  BundleProvider,
  BundleSigningKey,
  BundleTenant,
  BundleTrustedIssuer,
  BundleUser,
} from './config-records.js';

/** Every section of a snapshot, in the order the bundle lists them. */
export const CONFIG_SECTIONS = [
  'tenants',
  'users',
  'groups',
  'applications',
  'keys',
  'grants',
  'models',
  'providers',
  'trustedIssuers',
  'signingKeys',
] as const;
export type ConfigSectionName = (typeof CONFIG_SECTIONS)[number];

export interface ConfigSections {
  tenants: readonly BundleTenant[];
  users: readonly BundleUser[];
  groups: readonly BundleGroup[];
  applications: readonly BundleApplication[];
  keys: readonly BundleKey[];
  grants: readonly BundleGrant[];
  models: readonly BundleModel[];
  providers: readonly BundleProvider[];
  trustedIssuers: readonly BundleTrustedIssuer[];
  signingKeys: readonly BundleSigningKey[];
}

type Report = (path: PropertyKey[], message: string) => void;

/**
 * Checks that the sections of a structurally valid bundle agree with each other. Everything is
 * looked up in Maps and Sets built in one pass per section, so a bundle of a million keys costs a
 * few linear passes, never a scan per record.
 */
export function checkConfigReferences(sections: ConfigSections, report: Report): void {
  const tenantIds = new Set<string>();
  const slugs = new Set<string>();
  sections.tenants.forEach((tenant, index) => {
    if (tenantIds.has(tenant.id)) report(['tenants', index, 'id'], 'duplicate tenant id');
    if (slugs.has(tenant.slug)) report(['tenants', index, 'slug'], 'duplicate tenant slug');
    tenantIds.add(tenant.id);
    slugs.add(tenant.slug);
  });

  /** Reports duplicate ids and unknown tenants; returns each id's tenant (null for global records). */
  const index = (
    section: ConfigSectionName,
    records: readonly { id: string; tenantId: string | null }[],
    noun: string,
  ): Map<string, string | null> => {
    const tenantOf = new Map<string, string | null>();
    records.forEach((record, position) => {
      if (tenantOf.has(record.id)) {
        report([section, position, 'id'], `duplicate ${noun} id`);
      } else {
        tenantOf.set(record.id, record.tenantId);
      }
      if (record.tenantId !== null && !tenantIds.has(record.tenantId)) {
        report([section, position, 'tenantId'], 'no tenant with this id in the bundle');
      }
    });
    return tenantOf;
  };

  const groupTenant = index('groups', sections.groups, 'group');
  const userTenant = index('users', sections.users, 'user');
  sections.users.forEach((user, position) => {
    user.groups.forEach((groupId, member) => {
      if (groupTenant.get(groupId) !== user.tenantId) {
        report(['users', position, 'groups', member], "no group with this id in the user's tenant");
      }
    });
  });

  const applicationTenant = index('applications', sections.applications, 'application');
  const clientIds = new Set<string>();
  sections.applications.forEach((application, position) => {
    if (application.clientId === null) return;
    const scoped = `${application.tenantId} ${application.clientId}`;
    if (clientIds.has(scoped))
      report(['applications', position, 'clientId'], 'duplicate clientId in this tenant');
    clientIds.add(scoped);
  });

  index('keys', sections.keys, 'key');
  const hashes = new Set<string>();
  sections.keys.forEach((key, position) => {
    if (hashes.has(key.hash)) report(['keys', position, 'hash'], 'duplicate key hash');
    hashes.add(key.hash);
    const owners = key.owner.kind === 'user' ? userTenant : applicationTenant;
    if (owners.get(key.owner.id) !== key.tenantId) {
      report(['keys', position, 'owner', 'id'], `no ${key.owner.kind} with this id in the key's tenant`);
    }
  });

  index('grants', sections.grants, 'grant');
  const subjects = { user: userTenant, group: groupTenant, application: applicationTenant } as const;
  sections.grants.forEach((grant, position) => {
    const { kind, id } = grant.subject;
    if (kind === 'tenant') {
      if (id !== grant.tenantId) {
        report(['grants', position, 'subject', 'id'], "must be the grant's own tenantId");
      }
    } else if (subjects[kind].get(id) !== grant.tenantId) {
      report(['grants', position, 'subject', 'id'], `no ${kind} with this id in the grant's tenant`);
    }
  });

  const providerTenant = index('providers', sections.providers, 'provider');
  index('models', sections.models, 'model');
  const aliases = new Set<string>();
  sections.models.forEach((model, position) => {
    // A uuid never equals '*', so the global catalog gets a namespace of its own.
    const scoped = `${model.tenantId ?? '*'} ${model.alias}`;
    if (aliases.has(scoped)) {
      report(
        ['models', position, 'alias'],
        model.tenantId === null ? 'duplicate alias in the global catalog' : 'duplicate alias in this tenant',
      );
    }
    aliases.add(scoped);
    model.deployments.forEach((deployment, slot) => {
      const path = ['models', position, 'deployments', slot, 'providerId'];
      const owner = providerTenant.get(deployment.providerId);
      if (owner === undefined) {
        report(path, 'no provider with this id in the bundle');
      } else if (owner !== null && owner !== model.tenantId) {
        report(
          path,
          model.tenantId === null
            ? 'a global model may only use global providers'
            : "the provider belongs to another tenant than the model's",
        );
      }
    });
  });

  index('trustedIssuers', sections.trustedIssuers, 'trusted issuer');
  const issuers = new Set<string>();
  sections.trustedIssuers.forEach((trusted, position) => {
    const scoped = `${trusted.tenantId} ${trusted.issuer}`;
    if (issuers.has(scoped))
      report(['trustedIssuers', position, 'issuer'], 'duplicate issuer in this tenant');
    issuers.add(scoped);
  });

  const kids = new Set<string>();
  sections.signingKeys.forEach((key, position) => {
    if (kids.has(key.kid)) report(['signingKeys', position, 'kid'], 'duplicate signing key id');
    kids.add(key.kid);
    if (key.publicKeyJwk.kid !== undefined && key.publicKeyJwk.kid !== key.kid) {
      report(['signingKeys', position, 'publicKeyJwk', 'kid'], 'must equal kid');
    }
  });
}
