import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const CONTROL_PLANE_MAIN = fileURLToPath(
  new URL('../../apps/control-plane/dist/main.js', import.meta.url),
);
export const DATA_PLANE_MAIN = fileURLToPath(new URL('../../apps/data-plane/dist/main.js', import.meta.url));

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A child process whose JSON log lines can be awaited as events. */
export interface LoggedProcess {
  readonly child: ChildProcess;
  /** Every line printed so far (stdout and stderr), parsed when it is JSON. */
  readonly lines: LogLine[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * The first line from index `from` on that `match` accepts (already printed or still to come);
   * rejects, quoting the output, if the process exits first.
   */
  waitForLog(match: (line: LogLine) => boolean, from?: number): Promise<LogLine>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

function parse(text: string): LogLine {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as LogLine) : { msg: text };
  } catch {
    return { msg: text };
  }
}

function spawnLogged(entry: string, env: Record<string, string>): LoggedProcess {
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run \`node scripts/build.mjs\` first`);
  }
  const child = spawn(process.execPath, [entry], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: LogLine[] = [];
  const waiters = new Set<{
    match: (line: LogLine) => boolean;
    from: number;
    resolve: (line: LogLine) => void;
  }>();
  // 'close' comes after stdout and stderr are drained, so `lines` is complete by then.
  const exited = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (text) => {
      const line = parse(text);
      lines.push(line);
      const index = lines.length - 1;
      for (const waiter of waiters) {
        if (index >= waiter.from && waiter.match(line)) {
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    });
  }
  const waitForLog = (match: (line: LogLine) => boolean, from = 0): Promise<LogLine> => {
    const seen = lines.slice(from).find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = { match, from, resolve };
      waiters.add(waiter);
      void exited.then(({ code, signal }) => {
        if (waiters.delete(waiter)) {
          const tail = lines
            .slice(-40)
            .map((line) => JSON.stringify(line))
            .join('\n');
          reject(
            new Error(`${entry} exited (code ${code}, signal ${signal}) before the expected line:\n${tail}`),
          );
        }
      });
    });
  };
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return (await exited).code;
  };
  return { child, lines, exited, waitForLog, stop };
}

function listeningUrl(line: LogLine, marker: string): string | undefined {
  const at = line.msg?.indexOf(marker) ?? -1;
  return at === -1 || line.msg === undefined ? undefined : line.msg.slice(at + marker.length).trim();
}

export interface ControlPlaneProcess extends LoggedProcess {
  url: string;
  adminToken: string;
  /** An admin API call with the break-glass token; throws unless the status is `expected`. */
  admin<T>(method: string, path: string, body?: unknown, expected?: number): Promise<T>;
}

/** `apps/control-plane/dist/main.js` on the given database, a random port and a fresh admin token. */
export async function startControlPlane(
  databaseUrl: string,
  redisUrl: string,
  redisPrefix: string,
  env: Record<string, string> = {},
): Promise<ControlPlaneProcess> {
  const adminToken = randomBytes(32).toString('base64url');
  const proc = spawnLogged(CONTROL_PLANE_MAIN, {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    CONTROL_PLANE_HOST: '127.0.0.1',
    CONTROL_PLANE_PORT: '0',
    PORTCULLIS_ADMIN_TOKEN: adminToken,
    // Every control plane on this database must open the signing key the first one sealed.
    PORTCULLIS_MASTER_KEY: createHash('sha256')
      .update(`portcullis-test-master-key:${databaseUrl}`)
      .digest('base64'),
    LOG_LEVEL: 'info',
    ...env,
  });
  const line = await proc.waitForLog(
    (entry) => listeningUrl(entry, 'control plane listening on ') !== undefined,
  );
  const url = listeningUrl(line, 'control plane listening on ') ?? '';
  const admin = async <T>(
    method: string,
    path: string,
    body?: unknown,
    expected = method === 'POST' ? 201 : 200,
  ) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status !== expected) {
      throw new Error(
        `${method} ${path} answered ${response.status}, expected ${expected}: ${text.slice(0, 500)}`,
      );
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return { ...proc, url, adminToken, admin };
}

export interface DataPlaneProcess extends LoggedProcess {
  url: string;
  dataDir: string;
}

/** `apps/data-plane/dist/main.js` on a random port, syncing from `controlPlaneUrl`. */
export async function startDataPlane(options: {
  controlPlaneUrl: string;
  dataDir: string;
  name: string;
  enrollmentToken?: string;
  env?: Record<string, string>;
}): Promise<DataPlaneProcess> {
  const proc = spawnLogged(DATA_PLANE_MAIN, {
    PATH: process.env.PATH ?? '',
    DATA_PLANE_HOST: '127.0.0.1',
    DATA_PLANE_PORT: '0',
    DATA_PLANE_DATA_DIR: options.dataDir,
    DATA_PLANE_NAME: options.name,
    CONTROL_PLANE_URL: options.controlPlaneUrl,
    LOG_LEVEL: 'info',
    ...(options.enrollmentToken === undefined
      ? {}
      : { DATA_PLANE_ENROLLMENT_TOKEN: options.enrollmentToken }),
    ...options.env,
  });
  const line = await proc.waitForLog(
    (entry) => listeningUrl(entry, 'data plane listening on ') !== undefined,
  );
  return { ...proc, url: listeningUrl(line, 'data plane listening on ') ?? '', dataDir: options.dataDir };
}

/** One sample of a node's `/metrics`, e.g. `metric(node, 'portcullis_config_rejected_total', { reason: 'signature' })`. */
export async function metric(
  node: { url: string },
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const labelText = Object.entries(labels)
    .map(([label, value]) => `${label}="${value}"`)
    .join(',');
  const prefix = labelText === '' ? `${name} ` : `${name}{${labelText}} `;
  const line = text.split('\n').find((entry) => entry.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

const SYNC_EVENT = (line: LogLine): boolean =>
  line.msg === 'config applied' || (line.msg?.startsWith('config document refused') ?? false);

/**
 * Reads a node's `portcullis_config_revision` until it reaches `revision`. Between two reads it
 * waits for the node's next sync event (a document applied or refused), never for a timer; the
 * number of reads is bounded.
 */
export async function waitForRevision(
  node: DataPlaneProcess,
  revision: number,
  attempts = 50,
): Promise<number> {
  let seen: number | undefined;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const mark = node.lines.length;
    seen = await metric(node, 'portcullis_config_revision');
    if (seen !== undefined && seen >= revision) return seen;
    await node.waitForLog(SYNC_EVENT, mark);
  }
  throw new Error(`${node.url} stayed at revision ${seen} after ${attempts} reads; wanted ${revision}`);
}

/**
 * A data plane enrolled with a new enrollment token from `cp`, on a fresh data directory, once it
 * has applied the control plane's current configuration revision.
 */
export async function startEnrolledDataPlane(
  cp: ControlPlaneProcess,
  name: string,
  env: Record<string, string> = {},
): Promise<DataPlaneProcess> {
  const enrollment = await cp.admin<{ token: string }>('POST', '/api/v1/enrollment-tokens', { name });
  const node = await startDataPlane({
    controlPlaneUrl: cp.url,
    dataDir: mkdtempSync(join(tmpdir(), 'portcullis-node-')),
    name: name.replace(/[^a-z0-9-]+/gi, '-'),
    enrollmentToken: enrollment.token,
    env,
  });
  await waitForRevision(
    node,
    (await cp.admin<{ revision: number }>('GET', '/api/v1/config-revision')).revision,
  );
  return node;
}

/**
 * A tiny HTTP proxy in front of the control plane. While `tamper` is on it flips one character in
 * the signature of every 200 config answer (inflating gzip first), as an attacker on the path
 * would.
 */
export interface TamperingProxy {
  url: string;
  tamper: boolean;
  /** How many config answers were altered. */
  readonly tampered: number;
  close(): Promise<void>;
}

function flipSignature(jws: string): string {
  // Not the last character: its low bits are padding, and changing them may leave the bytes as they were.
  const at = jws.lastIndexOf('.') + 10;
  return `${jws.slice(0, at)}${jws[at] === 'A' ? 'B' : 'A'}${jws.slice(at + 1)}`;
}

export async function startTamperingProxy(target: string): Promise<TamperingProxy> {
  const upstream = new URL(target);
  const state = { tamper: false, tampered: 0 };
  const server: Server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host };
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        const isConfig = (req.url ?? '').startsWith('/dataplane/v1/config');
        if (!(state.tamper && isConfig && answer.statusCode === 200)) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          if (answer.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
          const altered = Buffer.from(flipSignature(body.toString('utf8').trim()));
          state.tampered += 1;
          const { 'content-encoding': _encoding, 'content-length': _length, ...rest } = answer.headers;
          res.writeHead(200, { ...rest, 'content-length': altered.length });
          res.end(altered);
        });
      },
    );
    forward.on('error', () => {
      res.destroy();
    });
    // A node that gives up a long-poll must not leave it open upstream.
    res.on('close', () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get tamper() {
      return state.tamper;
    },
    set tamper(value: boolean) {
      state.tamper = value;
    },
    get tampered() {
      return state.tampered;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
