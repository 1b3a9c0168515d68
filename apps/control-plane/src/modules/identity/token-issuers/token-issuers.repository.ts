import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { TenantScope } from '../../../platform/auth/authorization.js';
import { escapeLike, listPage } from '../../../platform/db/query-helpers.js';
import { isUuid } from '../../../platform/http/input.js';
import type { ListQuery } from '../../../platform/http/list-query.js';
import { TokenIssuerEntity } from './token-issuer.entity.js';

export type TokenIssuerSortField = 'issuer' | 'createdAt' | 'updatedAt';

/** Every query on token issuers; the tenant scope comes first. */
@Injectable()
export class TokenIssuersRepository {
  constructor(@InjectRepository(TokenIssuerEntity) private readonly issuers: Repository<TokenIssuerEntity>) {}

  async list(
    scope: TenantScope,
    query: ListQuery<TokenIssuerSortField>,
  ): Promise<{ items: TokenIssuerEntity[]; total: number }> {
    const builder = this.issuers.createQueryBuilder('i').where('true');
    if (!scope.all)
      builder.andWhere('i.tenant_id = ANY(:scopeTenantIds)', { scopeTenantIds: scope.tenantIds });
    const { tenantId, q } = query.filter;
    if (typeof tenantId === 'string')
      builder.andWhere('i.tenant_id = :tenantId', { tenantId: isUuid(tenantId) ? tenantId : null });
    if (typeof q === 'string' && q.trim() !== '')
      builder.andWhere("i.issuer ILIKE :q ESCAPE '\\'", { q: `%${escapeLike(q.trim())}%` });
    return listPage(builder, 'i', query);
  }

  findById(id: string): Promise<TokenIssuerEntity | null> {
    return isUuid(id) ? this.issuers.findOneBy({ id }) : Promise.resolve(null);
  }

  newIssuer(fields: Partial<TokenIssuerEntity>): TokenIssuerEntity {
    return this.issuers.create(fields);
  }

  save(manager: EntityManager, issuer: TokenIssuerEntity): Promise<TokenIssuerEntity> {
    return manager.getRepository(TokenIssuerEntity).save(issuer);
  }

  async remove(manager: EntityManager, issuer: TokenIssuerEntity): Promise<void> {
    await manager.getRepository(TokenIssuerEntity).delete({ id: issuer.id });
  }
}
