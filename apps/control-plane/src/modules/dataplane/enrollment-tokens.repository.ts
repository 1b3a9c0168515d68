import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { escapeLike, listPage } from '../../platform/db/query-helpers.js';
import { isUuid } from '../../platform/http/input.js';
import type { ListQuery } from '../../platform/http/list-query.js';
import { EnrollmentTokenEntity } from './entities/enrollment-token.entity.js';

export type EnrollmentTokenSortField = 'createdAt' | 'name' | 'expiresAt';

/** Enrollment tokens are platform-level: no tenant scope, platform admins only. */
@Injectable()
export class EnrollmentTokensRepository {
  constructor(
    @InjectRepository(EnrollmentTokenEntity) private readonly tokens: Repository<EnrollmentTokenEntity>,
  ) {}

  async list(
    query: ListQuery<EnrollmentTokenSortField>,
    now: Date,
  ): Promise<{ items: EnrollmentTokenEntity[]; total: number }> {
    const builder = this.tokens.createQueryBuilder('t').where('true');
    const { status, q } = query.filter;
    if (status === 'used') builder.andWhere('t.used_at IS NOT NULL');
    else if (status === 'revoked') builder.andWhere('t.used_at IS NULL AND t.revoked_at IS NOT NULL');
    else if (status === 'expired')
      builder.andWhere('t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at <= :now', { now });
    else if (status === 'active')
      builder.andWhere('t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > :now', { now });
    if (typeof q === 'string' && q.trim() !== '')
      builder.andWhere("(t.name ILIKE :q ESCAPE '\\' OR t.prefix LIKE :prefix ESCAPE '\\')", {
        q: `%${escapeLike(q.trim())}%`,
        prefix: `${escapeLike(q.trim())}%`,
      });
    return listPage(builder, 't', query);
  }

  findById(id: string): Promise<EnrollmentTokenEntity | null> {
    return isUuid(id) ? this.tokens.findOneBy({ id }) : Promise.resolve(null);
  }

  findByHash(tokenHash: string): Promise<EnrollmentTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  /**
   * The token of this hash, row-locked until `manager`'s transaction ends: a concurrent enrollment
   * with the same token waits here, then sees it used.
   */
  lockByHash(manager: EntityManager, tokenHash: string): Promise<EnrollmentTokenEntity | null> {
    return manager
      .getRepository(EnrollmentTokenEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  insert(manager: EntityManager, fields: Partial<EnrollmentTokenEntity>): Promise<EnrollmentTokenEntity> {
    const tokens = manager.getRepository(EnrollmentTokenEntity);
    return tokens.save(tokens.create(fields));
  }

  save(manager: EntityManager, token: EnrollmentTokenEntity): Promise<EnrollmentTokenEntity> {
    return manager.getRepository(EnrollmentTokenEntity).save(token);
  }
}
