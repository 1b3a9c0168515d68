import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { type PrivateJwk, signJsonText } from '@portcullis/signing';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { LOGGER } from '../../platform/logging/logger.token.js';
import { BundleCompiler, type PreparedKeys } from './bundle-compiler.js';
import { ConfigChangeEntity } from './entities/config-change.entity.js';
import { SigningKeysService } from './signing-keys.service.js';

/** A node further behind than this gets a snapshot rather than a delta. */
export const MAX_DELTA_REVISIONS = 1_000;
export const BUNDLE_TYP = 'portcullis-config+jws';
const CACHE_ENTRIES = 32;

export interface SignedBundle {
  revision: number;
  kind: 'snapshot' | 'delta';
  /**
   * Compact JWS (`typ: portcullis-config+jws`) as ASCII bytes: a large snapshot is close to what a
   * JavaScript string can hold.
   */
  jws: Buffer;
  /**
   * The JWS gzipped, compressed once however many nodes fetch it (a large snapshot takes seconds
   * to compress). Absent from documents built elsewhere (tests).
   */
  gzipped?: () => Promise<Buffer>;
}

/** Above this a snapshot is compressed at speed rather than for size. */
const FAST_GZIP_ABOVE_BYTES = 16 * 1024 * 1024;
const gzipAsync = promisify(gzip);

/**
 * Answers "bring a node at revision N up to date" with a signed snapshot or delta. Every node asks
 * the same question after a change, so answers are cached by (from, to) revision.
 */
@Injectable()
export class BundlePublisher {
  private readonly cache = new Map<string, Promise<SignedBundle>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly compiler: BundleCompiler,
    private readonly signingKeys: SigningKeysService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async signedBundle(since: number): Promise<SignedBundle> {
    // Keys are read before the transaction: the embedded database has one connection, which the
    // transaction holds, so nothing may query outside it meanwhile.
    const keys = await this.compiler.prepare();
    const signingKey = await this.signingKeys.activeKey();
    // One read-only snapshot of the database: the document matches exactly one revision.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const revision = await currentRevision(manager);
      const changes =
        since === 0 || since >= revision || revision - since > MAX_DELTA_REVISIONS
          ? null
          : await manager
              .getRepository(ConfigChangeEntity)
              .createQueryBuilder('c')
              .where('c.revision > :since AND c.revision <= :revision', {
                since: String(since),
                revision: String(revision),
              })
              .orderBy('c.revision', 'ASC')
              .getMany();
      // A gap (a pruned log) means the delta cannot be trusted to be complete.
      const kind = changes !== null && changes.length === revision - since ? 'delta' : 'snapshot';
      const key = kind === 'delta' ? `delta:${since}:${revision}` : `snapshot:${revision}`;
      const cached = this.cache.get(key);
      if (cached !== undefined) return cached;
      const work = this.compileAndSign(manager, kind, since, revision, changes ?? [], keys, signingKey);
      this.remember(key, work);
      return work;
    });
  }

  private async compileAndSign(
    manager: EntityManager,
    kind: 'snapshot' | 'delta',
    since: number,
    revision: number,
    changes: readonly ConfigChangeEntity[],
    keys: PreparedKeys,
    signingKey: { kid: string; privateJwk: PrivateJwk },
  ): Promise<SignedBundle> {
    const now = new Date();
    const started = performance.now();
    const json =
      kind === 'snapshot'
        ? await this.compiler.snapshotJson(manager, revision, now, keys)
        : Buffer.from(
            JSON.stringify(await this.compiler.delta(manager, since, revision, changes, now, keys)),
            'utf8',
          );
    const compiled = performance.now();
    const jws = signJsonText(json, signingKey, { typ: BUNDLE_TYP });
    // Snapshots are rare and can be large: their cost is worth a line; deltas come with every change.
    this.logger[kind === 'snapshot' ? 'info' : 'debug'](
      {
        revision,
        kind,
        since,
        compileMs: Math.round(compiled - started),
        signMs: Math.round(performance.now() - compiled),
        bytes: jws.length,
      },
      'config bundle signed',
    );
    let compressed: Promise<Buffer> | undefined;
    const gzipped = (): Promise<Buffer> => {
      compressed ??= gzipAsync(jws, {
        level: jws.length > FAST_GZIP_ABOVE_BYTES ? constants.Z_BEST_SPEED : constants.Z_DEFAULT_COMPRESSION,
      });
      return compressed;
    };
    return { revision, kind, jws, gzipped };
  }

  private remember(key: string, work: Promise<SignedBundle>): void {
    this.cache.set(key, work);
    work.catch(() => this.cache.delete(key));
    while (this.cache.size > CACHE_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  /** Signing keys changed: cached documents announce the old set. */
  forget(): void {
    this.cache.clear();
  }
}

async function currentRevision(manager: EntityManager): Promise<number> {
  const rows = await manager.query<{ revision: string | null }[]>(
    'SELECT MAX(revision)::text AS revision FROM config_changes',
  );
  return Number(rows[0]?.revision ?? 0);
}
