import { Injectable } from '@nestjs/common';
import { bundleTrustedIssuerSchema } from '@portcullis/contracts';
import { assertInScope, tenantScope } from '../../../platform/auth/authorization.js';
import type { Principal } from '../../../platform/auth/principal.js';
import { Settings } from '../../../platform/config/settings.js';
import { isUniqueViolation } from '../../../platform/db/db-errors.js';
import { Transactions } from '../../../platform/db/transactions.js';
import { AppError, ErrorCode, type FieldProblem } from '../../../platform/errors/app-error.js';
import { claimRequirements } from '../../../platform/http/claim-requirement.dto.js';
import type { ListQuery } from '../../../platform/http/list-query.js';
import {
  baseUrlProblem,
  hostOf,
  lookupAll,
  parseHostList,
  resolvedAddressProblem,
} from '../../../platform/net/outbound-url.js';
import { ChangeRecorder } from '../../../platform/revisions/change-recorder.js';
import { TenantsReader } from '../../tenants/tenants.reader.js';
import type { TokenIssuerEntity } from './token-issuer.entity.js';
import type { CreateTokenIssuerDto, TokenIssuerResponse, UpdateTokenIssuerDto } from './token-issuer.dto.js';
import { TokenIssuersRepository, type TokenIssuerSortField } from './token-issuers.repository.js';

const OWNERS = ['tenant-owner'] as const;
const READERS = ['tenant-owner', 'auditor'] as const;
const DEFAULT_ALGORITHMS = ['RS256', 'ES256'];
/** Okta's org authorization server: its access tokens are not meant for third parties (INTEROP). */
const OKTA_HOSTS = /\.(okta|oktapreview|okta-emea)\.com$/;
/** The record as nodes parse it, before the database gives it an id. */
const NODE_RECORD = bundleTrustedIssuerSchema.omit({ id: true });

/**
 * Token issuers: the IdPs whose access tokens a tenant's callers may present at the data plane
 * (decision 0011). Every change is a config revision, so nodes trust or stop trusting at once.
 */
@Injectable()
export class TokenIssuersService {
  private readonly allowedHttpHosts: readonly string[];

  constructor(
    private readonly issuers: TokenIssuersRepository,
    private readonly tenants: TenantsReader,
    private readonly transactions: Transactions,
    private readonly changes: ChangeRecorder,
    settings: Settings,
  ) {
    this.allowedHttpHosts = parseHostList(settings.env.PROVIDER_ALLOWED_HTTP_HOSTS);
  }

  async list(
    principal: Principal,
    query: ListQuery<TokenIssuerSortField>,
  ): Promise<{ items: TokenIssuerResponse[]; total: number }> {
    const { items, total } = await this.issuers.list(tenantScope(principal, READERS), query);
    return { items: items.map(respondTokenIssuer), total };
  }

  async get(principal: Principal, id: string): Promise<TokenIssuerResponse> {
    return respondTokenIssuer(await this.load(principal, id, READERS));
  }

  async create(principal: Principal, input: CreateTokenIssuerDto): Promise<TokenIssuerResponse> {
    await this.tenants.assertInScope(tenantScope(principal, OWNERS), input.tenantId);
    await this.assertUrls(input.issuer, input.jwksUri);
    const issuer = this.issuers.newIssuer({
      tenantId: input.tenantId,
      issuer: input.issuer,
      audience: [...new Set(input.audience)],
      jwksUri: input.jwksUri,
      groupsClaim: input.groupsClaim ?? null,
      requiredClaims: claimRequirements(input.requiredClaims ?? []),
      algorithms: [...new Set(input.algorithms ?? DEFAULT_ALGORITHMS)],
    });
    return this.write(issuer, undefined);
  }

  async update(principal: Principal, id: string, input: UpdateTokenIssuerDto): Promise<TokenIssuerResponse> {
    const issuer = await this.load(principal, id, OWNERS);
    const before = respondTokenIssuer(issuer);
    if (input.jwksUri !== undefined) await this.assertUrls(undefined, input.jwksUri);
    if (input.audience !== undefined) issuer.audience = [...new Set(input.audience)];
    if (input.jwksUri !== undefined) issuer.jwksUri = input.jwksUri;
    if (input.groupsClaim !== undefined) issuer.groupsClaim = input.groupsClaim;
    if (input.requiredClaims !== undefined) issuer.requiredClaims = claimRequirements(input.requiredClaims);
    if (input.algorithms !== undefined) issuer.algorithms = [...new Set(input.algorithms)];
    return this.write(issuer, before);
  }

  async remove(principal: Principal, id: string): Promise<TokenIssuerResponse> {
    const issuer = await this.load(principal, id, OWNERS);
    const before = respondTokenIssuer(issuer);
    await this.transactions.run(async (manager) => {
      await this.issuers.remove(manager, issuer);
      await this.changes.record(
        manager,
        { tenantId: issuer.tenantId, entity: 'trusted-issuer', entityId: issuer.id, op: 'deleted' },
        {
          action: 'token-issuer.delete',
          tenantId: issuer.tenantId,
          targetType: 'token-issuer',
          targetId: issuer.id,
          before,
        },
      );
    });
    return before;
  }

  private async load(
    principal: Principal,
    id: string,
    roles: typeof READERS | typeof OWNERS,
  ): Promise<TokenIssuerEntity> {
    const issuer = await this.issuers.findById(id);
    if (issuer === null) throw AppError.notFound('Token issuer');
    assertInScope(tenantScope(principal, roles), issuer.tenantId, 'Token issuer');
    if ((await this.tenants.find(issuer.tenantId)) === null) throw AppError.notFound('Token issuer');
    return issuer;
  }

  /**
   * The issuer must be a URL like the tokens' `iss` (https, or http on an allowed host), and not
   * Okta's org authorization server; the JWKS must be fetchable by nodes without reaching a
   * private address (unless the host is one PROVIDER_ALLOWED_HTTP_HOSTS allows).
   */
  private async assertUrls(issuer: string | undefined, jwksUri: string): Promise<void> {
    const problems: FieldProblem[] = [];
    if (issuer !== undefined) {
      const problem = baseUrlProblem(issuer, this.allowedHttpHosts, 'issuer');
      if (problem !== undefined) problems.push({ field: 'issuer', message: problem });
      else {
        const url = new URL(issuer);
        if (OKTA_HOSTS.test(hostOf(url)) && !url.pathname.startsWith('/oauth2/')) {
          problems.push({
            field: 'issuer',
            message:
              "issuer is Okta's org authorization server, whose access tokens are not meant for other services: use a custom authorization server (https://<org>.okta.com/oauth2/<id>)",
          });
        }
      }
    }
    const jwksProblem =
      baseUrlProblem(jwksUri, this.allowedHttpHosts, 'jwksUri') ??
      (this.allowedHttpHosts.includes(hostOf(new URL(jwksUri)))
        ? undefined
        : await resolvedAddressProblem(jwksUri, lookupAll, 'jwksUri'));
    if (jwksProblem !== undefined) problems.push({ field: 'jwksUri', message: jwksProblem });
    if (problems.length > 0) throw AppError.validation(problems);
  }

  private async write(
    issuer: TokenIssuerEntity,
    before: TokenIssuerResponse | undefined,
  ): Promise<TokenIssuerResponse> {
    assertNodesAccept(issuer);
    const created = before === undefined;
    try {
      return await this.transactions.run(async (manager) => {
        const after = respondTokenIssuer(await this.issuers.save(manager, issuer));
        await this.changes.record(
          manager,
          {
            tenantId: after.tenantId,
            entity: 'trusted-issuer',
            entityId: after.id,
            op: created ? 'created' : 'updated',
          },
          {
            action: created ? 'token-issuer.create' : 'token-issuer.update',
            tenantId: after.tenantId,
            targetType: 'token-issuer',
            targetId: after.id,
            ...(created ? {} : { before }),
            after,
          },
        );
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(ErrorCode.CONFLICT, 'This tenant already trusts this issuer', [
          { field: 'issuer', message: `issuer "${issuer.issuer}" is already trusted by this tenant` },
        ]);
      }
      throw error;
    }
  }
}

/**
 * Nodes refuse a whole snapshot when one record does not parse (libs/contracts), so an issuer they
 * would refuse is never stored: e.g. plain http to a PROVIDER_ALLOWED_HTTP_HOSTS host that is not
 * localhost, which the contract does not allow for an issuer or its JWKS.
 */
function assertNodesAccept(issuer: TokenIssuerEntity): void {
  const parsed = NODE_RECORD.safeParse(issuerFields(issuer));
  if (parsed.success) return;
  throw AppError.validation(
    parsed.error.issues.map((issue) => {
      const field = issue.path.join('.');
      return { field, message: `${field} ${issue.message}` };
    }),
  );
}

/** What an issuer is, without its id and timestamps: what nodes get and the API shows. */
function issuerFields(
  issuer: TokenIssuerEntity,
): Omit<TokenIssuerResponse, 'id' | 'createdAt' | 'updatedAt'> {
  return {
    tenantId: issuer.tenantId,
    issuer: issuer.issuer,
    audience: issuer.audience,
    jwksUri: issuer.jwksUri,
    groupsClaim: issuer.groupsClaim,
    requiredClaims: issuer.requiredClaims,
    algorithms: issuer.algorithms,
  };
}

export function respondTokenIssuer(issuer: TokenIssuerEntity): TokenIssuerResponse {
  return {
    id: issuer.id,
    ...issuerFields(issuer),
    createdAt: issuer.createdAt.toISOString(),
    updatedAt: issuer.updatedAt.toISOString(),
  };
}
