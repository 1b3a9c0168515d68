import { openValue } from '@portcullis/signing';
import type { BundleModel, BundleProvider, ConfigBundle } from '@portcullis/contracts';
import { compilePolicy, type CompiledPolicy } from '@portcullis/policy';
import type { ProviderCredentials, ResolvedDeployment } from '../providers/provider-types.js';
import { TokenDirectory } from './token-directory.js';

/** A deployment the router may try, with its provider resolved. */
export interface RoutableDeployment {
  /** `<providerId>/<upstreamModel>`: names the deployment in logs, metrics and circuit state. */
  key: string;
  priority: number;
  weight: number;
  providerId: string;
  upstreamModel: string;
  /** Built on first use (credentials are opened then, in memory only). */
  resolve(): ResolvedDeployment;
}

/**
 * Everything the request path derives from one configuration: the compiled policy, model lookup
 * by tenant (a tenant's alias shadows the global one) and deployments. Built once per bundle,
 * lazily, and dropped with it.
 */
export class GatewayRuntime {
  readonly policy: CompiledPolicy;
  readonly #globalModels = new Map<string, BundleModel>();
  readonly #tenantModels = new Map<string, Map<string, BundleModel>>();
  readonly #providers: ReadonlyMap<string, BundleProvider>;
  readonly #credentials = new Map<string, ProviderCredentials | null>();
  readonly #deployments = new WeakMap<BundleModel, RoutableDeployment[]>();
  #tokens: TokenDirectory | undefined;

  constructor(
    readonly bundle: Readonly<ConfigBundle>,
    private readonly fleetKeys: ReadonlyMap<string, Uint8Array>,
  ) {
    this.policy = compilePolicy({
      models: bundle.models.map((model) => ({
        alias: model.alias,
        tenantId: model.tenantId,
        requiredClaims: model.requiredClaims,
      })),
      grants: bundle.grants,
    });
    for (const model of bundle.models) {
      if (model.tenantId === null) this.#globalModels.set(model.alias, model);
      else {
        let models = this.#tenantModels.get(model.tenantId);
        if (models === undefined) {
          models = new Map<string, BundleModel>();
          this.#tenantModels.set(model.tenantId, models);
        }
        models.set(model.alias, model);
      }
    }
    this.#providers = new Map(bundle.providers.map((provider) => [provider.id, provider]));
  }

  /** Lookups for IdP access tokens, built when the first one arrives. */
  tokens(): TokenDirectory {
    this.#tokens ??= new TokenDirectory(this.bundle);
    return this.#tokens;
  }

  /** The model an alias names for a tenant; another tenant's models do not exist here. */
  model(tenantId: string, alias: string): BundleModel | undefined {
    return this.#tenantModels.get(tenantId)?.get(alias) ?? this.#globalModels.get(alias);
  }

  /** Every alias a tenant sees (its own first, then global ones it does not shadow). */
  aliases(tenantId: string): string[] {
    const own = this.#tenantModels.get(tenantId);
    const aliases = [...(own?.keys() ?? [])];
    for (const alias of this.#globalModels.keys()) if (own?.has(alias) !== true) aliases.push(alias);
    return aliases;
  }

  /** The model's deployments whose provider the bundle carries, lower priority first. */
  deployments(model: BundleModel): RoutableDeployment[] {
    const known = this.#deployments.get(model);
    if (known !== undefined) return known;
    const routable: RoutableDeployment[] = [];
    for (const deployment of model.deployments) {
      const provider = this.#providers.get(deployment.providerId);
      if (provider === undefined) continue;
      let resolved: ResolvedDeployment | undefined;
      routable.push({
        key: `${provider.id}/${deployment.upstreamModel}`,
        priority: deployment.priority,
        weight: deployment.weight,
        providerId: provider.id,
        upstreamModel: deployment.upstreamModel,
        resolve: () =>
          (resolved ??= {
            type: provider.type,
            baseUrl: provider.baseUrl,
            options: provider.options,
            credentials: this.credentials(provider),
            upstreamModel: deployment.upstreamModel,
            timeouts: provider.timeouts,
            tenantOwned: provider.tenantId !== null,
          }),
      });
    }
    routable.sort((a, b) => a.priority - b.priority);
    this.#deployments.set(model, routable);
    return routable;
  }

  private credentials(provider: BundleProvider): ProviderCredentials | null {
    if (this.#credentials.has(provider.id)) return this.#credentials.get(provider.id) ?? null;
    const sealed = provider.credentials;
    const opened =
      sealed === null
        ? null
        : (JSON.parse(
            openValue(sealed, this.fleetKeys, `provider-credentials:${provider.id}`),
          ) as ProviderCredentials);
    this.#credentials.set(provider.id, opened);
    return opened;
  }
}
