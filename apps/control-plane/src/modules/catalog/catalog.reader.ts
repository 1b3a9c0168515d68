import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { decryptSecret } from '@portcullis/signing';
import { type EntityManager, IsNull, type Repository } from 'typeorm';
import type { ClaimRequirement } from '../../platform/http/claim-requirement.dto.js';
import type { ModelCapability, ModelDeployment } from './entities/model.entity.js';
import type { ProviderType } from './entities/provider.entity.js';
import { ModelEntity } from './entities/model.entity.js';

export interface ModelSummary {
  id: string;
  alias: string;
  /** Null for a model of the global catalog. */
  tenantId: string | null;
}

/** PUBLIC: what other contexts may read about the catalog. */
@Injectable()
export class CatalogReader {
  constructor(@InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>) {}

  /** The global catalog plus the tenant's own models (which may shadow a global alias). */
  async modelsVisibleTo(tenantId: string): Promise<ModelSummary[]> {
    const rows = await this.models.find({
      where: [{ tenantId: IsNull() }, { tenantId }],
      order: { alias: 'ASC' },
      select: { id: true, alias: true, tenantId: true },
    });
    return rows.map((row) => ({ id: row.id, alias: row.alias, tenantId: row.tenantId }));
  }
}

/** A model as the data plane's configuration carries it. */
export interface BundleModelRecord {
  id: string;
  tenantId: string | null;
  alias: string;
  capabilities: ModelCapability[];
  contextWindow: number | null;
  prices: { input: number | null; output: number | null; cachedInput: number | null; currency: string };
  requiredClaims: ClaimRequirement[];
  deployments: ModelDeployment[];
}

/** A provider with its credentials still to be sealed for the data plane by the caller. */
export interface BundleProviderRecord<Sealed> {
  id: string;
  tenantId: string | null;
  type: ProviderType;
  baseUrl: string;
  options: Record<string, string>;
  timeoutMs: number;
  credentials: Sealed | null;
}

const price = (value: string | null): number | null => (value === null ? null : Number(value));

export async function readBundleModels(
  manager: EntityManager,
  ids?: readonly string[],
): Promise<BundleModelRecord[]> {
  const rows = await manager.query<
    {
      id: string;
      tenant_id: string | null;
      alias: string;
      capabilities: ModelCapability[];
      context_window: number | null;
      input_price: string | null;
      output_price: string | null;
      cached_input_price: string | null;
      currency: string;
      required_claims: ClaimRequirement[];
      deployments: ModelDeployment[];
    }[]
  >(
    `SELECT id, tenant_id, alias, capabilities, context_window, input_price, output_price, cached_input_price,
            currency, required_claims, deployments
       FROM models ${ids === undefined ? '' : 'WHERE id = ANY($1::uuid[])'}`,
    ids === undefined ? [] : [ids],
  );
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    alias: row.alias,
    capabilities: row.capabilities,
    contextWindow: row.context_window,
    prices: {
      input: price(row.input_price),
      output: price(row.output_price),
      cachedInput: price(row.cached_input_price),
      currency: row.currency.trim(),
    },
    requiredClaims: row.required_claims,
    deployments: row.deployments,
  }));
}

/**
 * Providers for the config bundle. Credentials are opened with the master key only to be handed
 * to `seal` (which re-seals them for the data plane); the plaintext goes nowhere else.
 */
export async function readBundleProviders<Sealed>(
  manager: EntityManager,
  masterKey: Uint8Array,
  seal: (plaintext: string, aad: string) => Promise<Sealed>,
  ids?: readonly string[],
): Promise<BundleProviderRecord<Sealed>[]> {
  const rows = await manager.query<
    {
      id: string;
      tenant_id: string | null;
      type: ProviderType;
      base_url: string;
      options: Record<string, string>;
      timeout_ms: number;
      credentials: string | null;
    }[]
  >(
    `SELECT id, tenant_id, type, base_url, options, timeout_ms, credentials
       FROM providers ${ids === undefined ? '' : 'WHERE id = ANY($1::uuid[])'}`,
    ids === undefined ? [] : [ids],
  );
  const out: BundleProviderRecord<Sealed>[] = [];
  for (const row of rows) {
    const aad = `provider-credentials:${row.id}`;
    out.push({
      id: row.id,
      tenantId: row.tenant_id,
      type: row.type,
      baseUrl: row.base_url,
      options: row.options,
      timeoutMs: row.timeout_ms,
      credentials:
        row.credentials === null ? null : await seal(decryptSecret(row.credentials, masterKey, aad), aad),
    });
  }
  return out;
}
