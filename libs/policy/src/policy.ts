import type { Decision, GrantSubjectKind, ModelPolicy, PolicySnapshot, Principal, Reason } from './types.js';

/** A snapshot turned into lookup maps, built once per config revision and shared by every request. */
export interface CompiledPolicy {
  /** O(number of the principal's groups + required claims) per call. */
  decide(principal: Principal, modelAlias: string, now: number): Decision;
}

interface CompiledModel {
  alias: string;
  requiredClaims: readonly { claim: string; anyOf: ReadonlySet<string>; expected: string }[];
}

interface TenantIndex {
  models: Map<string, CompiledModel>;
  /** subject kind → subject id → model aliases (or '*') granted. */
  grants: Map<GrantSubjectKind, Map<string, Set<string>>>;
}

/**
 * Compiles a policy snapshot into maps so that each decision costs a few lookups.
 *
 * @throws {TypeError} when the snapshot declares the same model alias twice in one scope.
 * @example
 * const policy = compilePolicy(snapshot); // once per config revision
 * const { allowed, reasons } = policy.decide(principal, 'gpt-4o', Date.now()); // per request
 */
export function compilePolicy(snapshot: PolicySnapshot): CompiledPolicy {
  const globalModels = new Map<string, CompiledModel>();
  const tenants = new Map<string, TenantIndex>();
  const tenant = (id: string): TenantIndex => {
    let index = tenants.get(id);
    if (index === undefined) {
      index = { models: new Map(), grants: new Map() };
      tenants.set(id, index);
    }
    return index;
  };

  for (const model of snapshot.models) {
    const scope = model.tenantId === null ? globalModels : tenant(model.tenantId).models;
    if (scope.has(model.alias)) {
      throw new TypeError(
        `Model "${model.alias}" is declared twice for ${model.tenantId ?? 'the platform'}.`,
      );
    }
    scope.set(model.alias, compileModel(model));
  }
  for (const grant of snapshot.grants) {
    const bySubject = tenant(grant.tenantId).grants;
    let byId = bySubject.get(grant.subject.kind);
    if (byId === undefined) {
      byId = new Map<string, Set<string>>();
      bySubject.set(grant.subject.kind, byId);
    }
    let models = byId.get(grant.subject.id);
    if (models === undefined) {
      models = new Set<string>();
      byId.set(grant.subject.id, models);
    }
    models.add(grant.model);
  }

  return {
    decide(principal, modelAlias, now) {
      const index = tenants.get(principal.tenantId);
      const model = index?.models.get(modelAlias) ?? globalModels.get(modelAlias);
      const reasons = [...checkPrincipal(principal, now)];
      if (model === undefined) {
        // Deliberately the same answer whether the alias exists in another tenant or nowhere.
        reasons.push(deny('MODEL_UNKNOWN', `Model "${modelAlias}" is not available in this tenant.`));
      } else {
        reasons.push(allow('MODEL_FOUND', `Model "${model.alias}" is available in this tenant.`));
        reasons.push(...checkKeyScope(principal, model.alias));
        reasons.push(...checkClaims(principal, model));
        reasons.push(checkGrant(principal, model.alias, index));
      }
      return { allowed: reasons.every((r) => r.ok), reasons };
    },
  };
}

/**
 * Decides whether `principal` may call `modelAlias` at `now` (epoch ms). Deny wins: the call is allowed only
 * when every reason is ok. Compiles the snapshot on each call, so it suits one-off explanations; on the
 * request path use {@link compilePolicy} once per snapshot.
 *
 * @example
 * const { allowed, reasons } = decide(alice, 'gpt-4o', snapshot, Date.now());
 * // allowed: false, reasons: [..., { code: 'NO_GRANT', ok: false, message: 'No grant gives user alice ...' }]
 */
export function decide(
  principal: Principal,
  modelAlias: string,
  snapshot: PolicySnapshot,
  now: number,
): Decision {
  return compilePolicy(snapshot).decide(principal, modelAlias, now);
}

function compileModel(model: ModelPolicy): CompiledModel {
  return {
    alias: model.alias,
    requiredClaims: (model.requiredClaims ?? []).map((r) => ({
      claim: r.claim,
      anyOf: new Set(r.anyOf),
      expected: r.anyOf.join(', '),
    })),
  };
}

/**
 * Whether the caller may call anything at all, whatever the model: active, and its key (if any)
 * neither revoked nor expired. The first steps of every {@link decide}; for answers that name no
 * model, such as a model list.
 */
export function standing(principal: Principal, now: number): Decision {
  const reasons = [...checkPrincipal(principal, now)];
  return { allowed: reasons.every((reason) => reason.ok), reasons };
}

function* checkPrincipal(principal: Principal, now: number): Generator<Reason> {
  const who = subjectName(principal);
  yield principal.active
    ? allow('PRINCIPAL_ACTIVE', `${who} is active.`)
    : deny('PRINCIPAL_INACTIVE', `${who} is deactivated.`);

  const key = principal.key;
  if (key === undefined) return;
  if (key.revoked) yield deny('KEY_REVOKED', `API key ${key.id} has been revoked.`);
  if (key.expiresAt !== undefined && key.expiresAt <= now) {
    yield deny('KEY_EXPIRED', `API key ${key.id} expired at ${new Date(key.expiresAt).toISOString()}.`);
  } else if (!key.revoked) {
    yield allow('KEY_VALID', `API key ${key.id} is valid.`);
  }
}

function* checkKeyScope(principal: Principal, alias: string): Generator<Reason> {
  const key = principal.key;
  if (key?.scopeModels === undefined) return;
  yield key.scopeModels.includes(alias)
    ? allow('KEY_SCOPE_ALLOWS_MODEL', `API key ${key.id} is scoped to include "${alias}".`)
    : deny('KEY_SCOPE_EXCLUDES_MODEL', `API key ${key.id} is scoped to other models than "${alias}".`);
}

function* checkClaims(principal: Principal, model: CompiledModel): Generator<Reason> {
  const fromIssuer = principal.requiredClaims ?? [];
  for (const requirement of fromIssuer) {
    const expected = requirement.anyOf.join(', ');
    yield checkClaim(
      principal,
      requirement.claim,
      new Set(requirement.anyOf),
      expected,
      'Tokens of this issuer require',
    );
  }
  for (const { claim, anyOf, expected } of model.requiredClaims) {
    yield checkClaim(principal, claim, anyOf, expected, `"${model.alias}" requires`);
  }
}

function checkClaim(
  principal: Principal,
  claim: string,
  anyOf: ReadonlySet<string>,
  expected: string,
  /** The sentence's subject and verb: `"gpt-4o" requires`. */
  who: string,
): Reason {
  // hasOwn: a claim named like an Object.prototype member must not be found on the prototype.
  const value =
    principal.claims && Object.hasOwn(principal.claims, claim) ? principal.claims[claim] : undefined;
  if (value === undefined || value === null) {
    return deny('MISSING_CLAIM', `${who} the token claim "${claim}" (one of: ${expected}).`);
  }
  if (claimMatches(value, anyOf)) {
    return allow('CLAIM_SATISFIED', `The token claim "${claim}" is one of: ${expected}.`);
  }
  return deny('CLAIM_NOT_ALLOWED', `${who} the token claim "${claim}" to be one of: ${expected}.`);
}

function claimMatches(value: unknown, anyOf: ReadonlySet<string>): boolean {
  if (Array.isArray(value)) return value.some((entry) => claimMatches(entry, anyOf));
  if (typeof value === 'string') return anyOf.has(value);
  if (typeof value === 'number' || typeof value === 'boolean') return anyOf.has(String(value));
  return false;
}

// Most specific first, so the console names the grant an admin would most likely revoke.
function checkGrant(principal: Principal, alias: string, index: TenantIndex | undefined): Reason {
  const who = subjectName(principal);
  const granted = (kind: GrantSubjectKind, id: string): boolean => {
    const models = index?.grants.get(kind)?.get(id);
    return models !== undefined && (models.has(alias) || models.has('*'));
  };

  if (principal.kind === 'user') {
    if (granted('user', principal.id)) {
      return allow('GRANTED_VIA_USER', `${who} is granted "${alias}" directly.`);
    }
    for (const group of principal.groups) {
      if (granted('group', group)) {
        return allow('GRANTED_VIA_GROUP', `${who} is granted "${alias}" through group ${group}.`);
      }
    }
  } else if (granted('application', principal.id)) {
    return allow('GRANTED_VIA_APPLICATION', `${who} is granted "${alias}" directly.`);
  }
  if (granted('tenant', principal.tenantId)) {
    return allow('GRANTED_VIA_TENANT', `Everyone in tenant ${principal.tenantId} is granted "${alias}".`);
  }
  return deny('NO_GRANT', `No grant gives ${principal.kind} ${principal.id} access to "${alias}".`);
}

function subjectName(principal: Principal): string {
  return `${principal.kind === 'user' ? 'User' : 'Application'} ${principal.id}`;
}

function allow(code: Reason['code'], message: string): Reason {
  return { code, message, ok: true };
}

function deny(code: Reason['code'], message: string): Reason {
  return { code, message, ok: false };
}
