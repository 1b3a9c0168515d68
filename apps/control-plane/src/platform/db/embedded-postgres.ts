import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A running embedded PostgreSQL that the ordinary `pg` driver reaches over loopback. */
export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

/** The embedded database has one session: a larger pool would block or crash (docs/decisions/0002). */
export const EMBEDDED_POOL_SIZE = 1;

/**
 * Starts PGlite on `<dataDir>/pgdata` behind a loopback socket, so TypeORM, migrations and every
 * query run through the same `pg` driver as with a real server. A lock file keeps a second
 * process from opening the same directory, which PGlite itself would not prevent.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireLock(join(dataDir, 'pglite.lock'));
  try {
    const db = await PGlite.create({ dataDir: join(dataDir, 'pgdata') });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      async stop() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** Directories this process has open: the pid in a lock file cannot tell these from stale locks. */
const heldByThisProcess = new Set<string>();

function acquireLock(path: string): () => void {
  if (heldByThisProcess.has(path)) {
    throw new Error(`The embedded database lock ${path} is already held by this process`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldByThisProcess.add(path);
      return () => {
        heldByThisProcess.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `The embedded database in ${path.replace(/pglite\.lock$/, '')} is in use by process ${holder}; ` +
            'stop it first, or set DATABASE_URL to use a PostgreSQL server',
        );
      }
      // A lock left behind by a process that died (or by an earlier life of this pid, as in a
      // container where every start is pid 1): take it over.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not take the embedded database lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
