import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { DirectoryUserEntity } from '../entities/directory-user.entity.js';

/** The directory queries of console sign-in; the tenant (null: platform accounts) comes first. */
@Injectable()
export class SsoAccountsRepository {
  constructor(
    @InjectRepository(DirectoryUserEntity) private readonly users: Repository<DirectoryUserEntity>,
  ) {}

  /** The user linked to this issuer's subject. */
  findLinked(tenantId: string | null, issuer: string, subject: string): Promise<DirectoryUserEntity | null> {
    const builder = this.users
      .createQueryBuilder('u')
      .where('u.oidc_issuer = :issuer AND u.oidc_subject = :subject', { issuer, subject });
    if (tenantId === null) builder.andWhere('u.tenant_id IS NULL');
    else builder.andWhere('u.tenant_id = :tenantId', { tenantId });
    return builder.getOne();
  }

  /** Users of the tenant whose primary e-mail is `email` (lower case); at most two, to detect ambiguity. */
  findByEmail(tenantId: string, email: string): Promise<DirectoryUserEntity[]> {
    return this.users.find({
      where: { tenantId, primaryEmail: email },
      order: { createdAt: 'ASC' },
      take: 2,
    });
  }

  newUser(fields: Partial<DirectoryUserEntity>): DirectoryUserEntity {
    return this.users.create(fields);
  }

  /** Runs `work` in one transaction, so a change and its audit event commit together. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.users.manager.transaction(work);
  }
}
