import type { BundleApplication, BundleTrustedIssuer, BundleUser, ConfigBundle } from '@portcullis/contracts';

/** Who a verified token names in its tenant. */
export type TokenSubject =
  | { kind: 'user'; user: BundleUser }
  | { kind: 'application'; application: BundleApplication }
  | { kind: 'unknown' };

const claimText = (claims: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = Object.hasOwn(claims, name) ? claims[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * The lookups that turn a verified IdP token into a directory user or an application, built once
 * per configuration and only over tenants that trust an issuer (docs/decisions/0012):
 *
 * - an application when `sub` is one of the tenant's application client ids (client-credentials
 *   tokens of Okta and RFC 9068), or when the token says it is an app token (`idtyp: "app"`,
 *   Entra ID) and `azp` or `appid` is a client id;
 * - otherwise a user whose `externalId` is `sub`, `uid` (Okta) or `oid` (Entra ID), or whose
 *   `userName` is `sub`, `preferred_username` or `upn` (case-insensitive), in that order.
 */
export class TokenDirectory {
  readonly #issuers = new Map<string, BundleTrustedIssuer[]>();
  readonly #usersByExternalId = new Map<string, BundleUser>();
  readonly #usersByUserName = new Map<string, BundleUser>();
  readonly #applicationsByClientId = new Map<string, BundleApplication>();
  readonly #groupIdsByName = new Map<string, string>();
  /** `tenant\nid` of every group, so that a token cannot name another tenant's group by id. */
  readonly #groupIds = new Set<string>();

  constructor(bundle: Readonly<ConfigBundle>) {
    for (const issuer of bundle.trustedIssuers) {
      const list = this.#issuers.get(issuer.issuer) ?? [];
      list.push(issuer);
      this.#issuers.set(issuer.issuer, list);
    }
    const tenants = new Set(bundle.trustedIssuers.map((issuer) => issuer.tenantId));
    if (tenants.size === 0) return;
    for (const user of bundle.users) {
      if (!tenants.has(user.tenantId)) continue;
      if (user.externalId != null) this.#usersByExternalId.set(scoped(user.tenantId, user.externalId), user);
      this.#usersByUserName.set(scoped(user.tenantId, user.userName.toLowerCase()), user);
    }
    for (const application of bundle.applications) {
      if (application.clientId !== null && tenants.has(application.tenantId)) {
        this.#applicationsByClientId.set(scoped(application.tenantId, application.clientId), application);
      }
    }
    for (const group of bundle.groups) {
      if (!tenants.has(group.tenantId)) continue;
      this.#groupIds.add(scoped(group.tenantId, group.id));
      this.#groupIdsByName.set(scoped(group.tenantId, group.displayName.toLowerCase()), group.id);
    }
  }

  /** Trusted issuers (of any tenant) whose `iss` is exactly `iss`. */
  issuers(iss: string): readonly BundleTrustedIssuer[] {
    return this.#issuers.get(iss) ?? [];
  }

  subject(tenantId: string, claims: Readonly<Record<string, unknown>>): TokenSubject {
    const sub = claimText(claims, 'sub');
    const application = this.#application(tenantId, claims, sub);
    if (application !== undefined) return { kind: 'application', application };
    for (const name of ['sub', 'uid', 'oid']) {
      const value = claimText(claims, name);
      const user = value === undefined ? undefined : this.#usersByExternalId.get(scoped(tenantId, value));
      if (user !== undefined) return { kind: 'user', user };
    }
    for (const name of ['sub', 'preferred_username', 'upn']) {
      const value = claimText(claims, name);
      const user =
        value === undefined ? undefined : this.#usersByUserName.get(scoped(tenantId, value.toLowerCase()));
      if (user !== undefined) return { kind: 'user', user };
    }
    return { kind: 'unknown' };
  }

  /**
   * Directory group ids named by a token's groups claim (ids or display names, case-insensitive)
   * in the tenant; names the directory does not know are dropped.
   */
  groupsFromClaim(tenantId: string, value: unknown): string[] {
    const names = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    const ids = new Set<string>();
    for (const name of names) {
      if (typeof name !== 'string') continue;
      const id = this.#groupIdsByName.get(scoped(tenantId, name.toLowerCase()));
      if (id !== undefined) ids.add(id);
      else if (this.#groupIds.has(scoped(tenantId, name))) ids.add(name);
    }
    return [...ids];
  }

  #application(
    tenantId: string,
    claims: Readonly<Record<string, unknown>>,
    sub: string | undefined,
  ): BundleApplication | undefined {
    const bySub = sub === undefined ? undefined : this.#applicationsByClientId.get(scoped(tenantId, sub));
    if (bySub !== undefined) return bySub;
    if (claimText(claims, 'idtyp') !== 'app') return undefined;
    const clientId = claimText(claims, 'azp') ?? claimText(claims, 'appid');
    return clientId === undefined ? undefined : this.#applicationsByClientId.get(scoped(tenantId, clientId));
  }
}

function scoped(tenantId: string, value: string): string {
  return `${tenantId}\n${value}`;
}
