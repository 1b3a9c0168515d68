import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { CONFIG_SCHEMA_V1 } from '@portcullis/contracts';
import {
  generateSigningKey,
  sealForRecipient,
  signJson,
  type EncryptionPublicJwk,
  type PublicJwk,
  type SigningKey,
} from '@portcullis/signing';
import { importJWK, jwtVerify } from 'jose';

export const TENANT_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
export const ENROLLMENT_TOKEN = `pen_${'a'.repeat(43)}`;

export type PollAnswer =
  { status: 304 } | { status: 200; jws: string; gzip?: boolean } | { status: number; body?: string };

export interface PollSeen {
  since: number;
  wait: number;
  acceptEncoding: string | undefined;
}

interface EnrolledNode {
  signingKey: PublicJwk;
  encryptionKey: EncryptionPublicJwk;
  name: string;
}

/** A base64url 32-byte key and its kid, as the fleet secrets carry them. */
export interface FleetKey {
  kid: string;
  key: string;
}

function newFleetKey(): FleetKey {
  return { kid: randomBytes(8).toString('hex'), key: randomBytes(32).toString('base64url') };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, body = '', headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * An in-process stand-in for the control plane's `/dataplane/v1/*` endpoints: real enrollment and
 * assertion checks (jose), fleet secrets sealed to the node, and config polls answered from a
 * queue the test fills, so that a test decides what every poll gets and when.
 */
export class FakeControlPlane extends EventEmitter {
  readonly nodes = new Map<string, EnrolledNode>();
  readonly polls: PollSeen[] = [];
  readonly assertions: string[] = [];
  fleetKeys: FleetKey[] = [newFleetKey()];
  readonly apiKeyHashing = randomBytes(32).toString('base64url');
  secretsRequests = 0;
  enrollments = 0;
  /** Every node-authenticated call answers 401 while set. */
  revoked = false;
  #answers: PollAnswer[] = [];
  #waiting: ((answer: PollAnswer) => void)[] = [];
  #server: Server | undefined;
  #url = '';

  private constructor(public signingKey: SigningKey) {
    super();
  }

  static async start(): Promise<FakeControlPlane> {
    const fake = new FakeControlPlane(await generateSigningKey());
    const server = createServer((req, res) => {
      fake.#handle(req, res).catch((err: unknown) => {
        send(res, 500, String(err));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    fake.#server = server;
    fake.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  get url(): string {
    return this.#url;
  }

  get trustedKey(): PublicJwk & { kid: string } {
    return { ...this.signingKey.publicJwk, kid: this.signingKey.kid };
  }

  /** Answers the oldest waiting poll, or the next poll to arrive. */
  answer(answer: PollAnswer): void {
    const waiter = this.#waiting.shift();
    if (waiter === undefined) {
      this.#answers.push(answer);
    } else {
      waiter(answer);
    }
  }

  /** Resolves when the `count`-th poll (1-based) has arrived. */
  async poll(count: number): Promise<PollSeen> {
    while (this.polls.length < count) {
      await once(this, 'poll');
    }
    const seen = this.polls[count - 1];
    if (seen === undefined) throw new Error('unreachable');
    return seen;
  }

  /** Signs a document as the control plane does (`typ: portcullis-config+jws`). */
  sign(doc: unknown, key: SigningKey = this.signingKey): Promise<string> {
    return signJson(doc, key, { typ: 'portcullis-config+jws' });
  }

  snapshot(revision: number, sections: Record<string, unknown> = {}, signingKeys = [this.signingKey]) {
    const now = Date.now();
    return {
      schema: CONFIG_SCHEMA_V1,
      kind: 'snapshot',
      revision,
      issuedAt: new Date(now - 1000).toISOString(),
      expiresAt: new Date(now + 7 * 86_400_000).toISOString(),
      tenants: [{ id: TENANT_ID, slug: 'acme', name: 'Acme', settings: { zeroDataRetention: false } }],
      signingKeys: signingKeys.map((key) => ({
        kid: key.kid,
        publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x },
      })),
      ...sections,
    };
  }

  delta(
    fromRevision: number,
    revision: number,
    upserts: Record<string, unknown> = {},
    deletes: Record<string, unknown> = {},
  ) {
    const now = Date.now();
    return {
      schema: CONFIG_SCHEMA_V1,
      kind: 'delta',
      fromRevision,
      revision,
      issuedAt: new Date(now - 1000).toISOString(),
      expiresAt: new Date(now + 7 * 86_400_000).toISOString(),
      upserts,
      deletes,
    };
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }

  async #authorized(req: IncomingMessage): Promise<boolean> {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (this.revoked || token === '') return false;
    this.assertions.push(token);
    for (const [nodeId, node] of this.nodes) {
      try {
        await jwtVerify(token, await importJWK({ ...node.signingKey }, 'EdDSA'), {
          algorithms: ['EdDSA'],
          typ: 'portcullis-node+jwt',
          audience: 'portcullis-control-plane',
          issuer: nodeId,
          subject: nodeId,
          requiredClaims: ['iat', 'exp', 'jti'],
        });
        return true;
      } catch {
        // try the next node
      }
    }
    return false;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'POST' && url.pathname === '/dataplane/v1/enroll') {
      this.enrollments += 1;
      const body = (await readJson(req)) as {
        token?: string;
        name: string;
        signingKey: PublicJwk;
        encryptionKey: EncryptionPublicJwk;
      };
      if (body.token !== ENROLLMENT_TOKEN) {
        send(
          res,
          401,
          JSON.stringify({
            error: { code: 'UNAUTHENTICATED', message: 'Invalid enrollment token', requestId: 'r1' },
          }),
          {
            'content-type': 'application/json',
          },
        );
        return;
      }
      const nodeId = randomUUID();
      this.nodes.set(nodeId, {
        signingKey: body.signingKey,
        encryptionKey: body.encryptionKey,
        name: body.name,
      });
      send(res, 201, JSON.stringify({ nodeId, trustedKeys: [this.trustedKey] }), {
        'content-type': 'application/json',
      });
      return;
    }
    if (!(await this.#authorized(req))) {
      send(res, 401, JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'no', requestId: 'r2' } }));
      return;
    }
    if (url.pathname === '/dataplane/v1/secrets') {
      this.secretsRequests += 1;
      const [node] = this.nodes.values();
      if (node === undefined) throw new Error('no node');
      const secrets = await sealForRecipient(
        { fleetKeys: this.fleetKeys, apiKeyHashing: { key: this.apiKeyHashing } },
        node.encryptionKey,
      );
      send(res, 200, JSON.stringify({ secrets }), { 'content-type': 'application/json' });
      return;
    }
    if (url.pathname === '/dataplane/v1/config') {
      const seen = {
        since: Number(url.searchParams.get('since')),
        wait: Number(url.searchParams.get('wait')),
        acceptEncoding: req.headers['accept-encoding'],
      };
      this.polls.push(seen);
      this.emit('poll', seen);
      const answer =
        this.#answers.shift() ??
        (await new Promise<PollAnswer | undefined>((resolve) => {
          const waiter = (value: PollAnswer): void => {
            resolve(value);
          };
          this.#waiting.push(waiter);
          // A node that gave up (stopped) must not swallow the next answer.
          res.once('close', () => {
            const at = this.#waiting.indexOf(waiter);
            if (at !== -1) {
              this.#waiting.splice(at, 1);
              resolve(undefined);
            }
          });
        }));
      if (answer === undefined) return;
      if (answer.status === 200 && 'jws' in answer) {
        const body = answer.gzip === true ? gzipSync(answer.jws) : Buffer.from(answer.jws);
        res.writeHead(200, {
          'content-type': 'application/jose',
          'content-length': body.length,
          ...(answer.gzip === true ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(body);
        return;
      }
      send(res, answer.status, 'body' in answer ? (answer.body ?? '') : '');
      return;
    }
    send(res, 404);
  }
}

/** Flips one character in the middle of a JWS signature (never the last, which holds padding bits). */
export function tamperSignature(jws: string): string {
  const at = jws.lastIndexOf('.') + 10;
  const flipped = jws[at] === 'A' ? 'B' : 'A';
  return `${jws.slice(0, at)}${flipped}${jws.slice(at + 1)}`;
}
