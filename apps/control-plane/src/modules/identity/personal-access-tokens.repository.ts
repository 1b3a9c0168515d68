import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { isUuid } from '../../platform/http/input.js';
import { PersonalAccessTokenEntity } from './entities/personal-access-token.entity.js';

@Injectable()
export class PersonalAccessTokensRepository {
  constructor(
    @InjectRepository(PersonalAccessTokenEntity)
    private readonly tokens: Repository<PersonalAccessTokenEntity>,
  ) {}

  listForUser(userId: string): Promise<PersonalAccessTokenEntity[]> {
    return this.tokens.find({ where: { userId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  async findForUser(userId: string, id: string): Promise<PersonalAccessTokenEntity | null> {
    if (!isUuid(id)) return null;
    return this.tokens.findOneBy({ id, userId });
  }

  findByHash(tokenHash: string): Promise<PersonalAccessTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  insert(
    manager: EntityManager,
    fields: Partial<PersonalAccessTokenEntity>,
  ): Promise<PersonalAccessTokenEntity> {
    const tokens = manager.getRepository(PersonalAccessTokenEntity);
    return tokens.save(tokens.create(fields));
  }

  save(manager: EntityManager, token: PersonalAccessTokenEntity): Promise<PersonalAccessTokenEntity> {
    return manager.getRepository(PersonalAccessTokenEntity).save(token);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: at });
  }
}
