import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  decryptSecret,
  encryptSecret,
  generateSigningKey,
  type PrivateJwk,
  type PublicJwk,
} from '@portcullis/signing';
import { In, type Repository } from 'typeorm';
import { Settings } from '../../platform/config/settings.js';
import { SigningKeyEntity } from './entities/signing-key.entity.js';

export interface SigningKeySummary {
  kid: string;
  status: 'next' | 'active' | 'retired';
  publicJwk: PublicJwk;
  announced: boolean;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
}

/** A replica re-reads the active key this often, so a promotion elsewhere reaches it. */
const ACTIVE_KEY_TTL_MS = 30_000;

/** How long a retired key is still announced, so nodes that lag a little still verify. */
export const RETIRED_KEY_GRACE_MS = 3_600_000;
const SIGNING_KEYS_LOCK = 7_305_119_010;

const aad = (kid: string): string => `signing-key:${kid}`;

/**
 * The Ed25519 keys that sign config bundles. One is active; a rotation adds a `next` key that
 * bundles announce before it signs anything, so nodes learn it from a key they already trust.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private active: { kid: string; privateJwk: PrivateJwk; loadedAt: number } | undefined;

  constructor(
    @InjectRepository(SigningKeyEntity) private readonly keys: Repository<SigningKeyEntity>,
    private readonly settings: Settings,
  ) {}

  /** Creates the first key when there is none (once, whatever the number of replicas starting). */
  async onModuleInit(): Promise<void> {
    await this.keys.manager.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEYS_LOCK]);
      const repository = manager.getRepository(SigningKeyEntity);
      if ((await repository.countBy({ status: 'active' })) > 0) return;
      await repository.save(await this.newKey('active'));
    });
  }

  /** The key bundles are signed with (cached; reloaded after a rotation is promoted). */
  async activeKey(): Promise<{ kid: string; privateJwk: PrivateJwk }> {
    if (this.active !== undefined && Date.now() - this.active.loadedAt < ACTIVE_KEY_TTL_MS)
      return this.active;
    const row = await this.keys.findOneBy({ status: 'active' });
    if (row === null) throw new Error('No active signing key: the control plane did not initialise');
    const privateJwk = JSON.parse(
      decryptSecret(row.privateKey, this.settings.secretKeys.masterKey, aad(row.kid)),
    ) as PrivateJwk;
    this.active = { kid: row.kid, privateJwk, loadedAt: Date.now() };
    return this.active;
  }

  /** The keys nodes should trust: active, next, and recently retired. */
  async announcedKeys(now = new Date()): Promise<PublicJwk[]> {
    const rows = await this.keys.find({
      where: { status: In(['active', 'next', 'retired']) },
      order: { createdAt: 'ASC' },
    });
    return rows.filter((row) => announced(row, now)).map((row) => row.publicJwk);
  }

  /** Retired keys past their grace: bundles no longer announce them, and deltas tell nodes to drop them. */
  async unannouncedKids(now = new Date()): Promise<string[]> {
    const rows = await this.keys.findBy({ status: 'retired' });
    return rows.filter((row) => !announced(row, now)).map((row) => row.kid);
  }

  async list(now = new Date()): Promise<SigningKeySummary[]> {
    const rows = await this.keys.find({ order: { createdAt: 'DESC' } });
    return rows.map((row) => summarize(row, now));
  }

  /** Adds a `next` key (replacing an unpromoted one). */
  async rotate(): Promise<SigningKeySummary> {
    const key = await this.newKey('next');
    await this.keys.manager.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEYS_LOCK]);
      await manager.getRepository(SigningKeyEntity).delete({ status: 'next' });
      await manager.getRepository(SigningKeyEntity).save(key);
    });
    return summarize(key, new Date());
  }

  /** Makes the `next` key active and retires the active one. */
  async promote(): Promise<SigningKeySummary> {
    const promoted = await this.keys.manager.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEYS_LOCK]);
      const repository = manager.getRepository(SigningKeyEntity);
      const next = await repository.findOneBy({ status: 'next' });
      if (next === null) throw new Error('No next signing key to promote: rotate first');
      const now = new Date();
      await repository.update({ status: 'active' }, { status: 'retired', retiredAt: now });
      await repository.update({ kid: next.kid }, { status: 'active', activatedAt: now });
      next.status = 'active';
      next.activatedAt = now;
      return summarize(next, now);
    });
    this.active = undefined;
    return promoted;
  }

  private async newKey(status: 'active' | 'next'): Promise<SigningKeyEntity> {
    const { kid, publicJwk, privateJwk } = await generateSigningKey();
    return this.keys.create({
      kid,
      publicJwk,
      privateKey: encryptSecret(JSON.stringify(privateJwk), this.settings.secretKeys.masterKey, aad(kid)),
      status,
      activatedAt: status === 'active' ? new Date() : null,
      retiredAt: null,
    });
  }
}

function announced(row: SigningKeyEntity, now: Date): boolean {
  return (
    row.status !== 'retired' ||
    (row.retiredAt !== null && now.getTime() - row.retiredAt.getTime() < RETIRED_KEY_GRACE_MS)
  );
}

function summarize(row: SigningKeyEntity, now: Date): SigningKeySummary {
  return {
    kid: row.kid,
    status: row.status,
    publicJwk: row.publicJwk,
    announced: announced(row, now),
    createdAt: ((row.createdAt as Date | undefined) ?? now).toISOString(),
    activatedAt: row.activatedAt?.toISOString() ?? null,
    retiredAt: row.retiredAt?.toISOString() ?? null,
  };
}
