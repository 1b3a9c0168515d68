import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { UsageEvent } from '@portcullis/contracts';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageSendError, UsageShipper } from './usage-shipper.js';

const logger = pino({ level: 'silent' });

function event(): UsageEvent {
  return {
    id: randomUUID(),
    requestId: randomUUID(),
    occurredAt: new Date().toISOString(),
    tenantId: randomUUID(),
    principal: { kind: 'user', id: randomUUID() },
    keyId: null,
    route: 'chat.completions',
    model: 'gpt-4o',
    stream: false,
    deployment: null,
    status: 200,
    errorCode: null,
    tokens: null,
    cost: null,
    latencyMs: { total: 1, upstream: null },
    attempts: 1,
    cacheHit: false,
    redactions: {},
  };
}

/** A stand-in for the control plane: stores events by id, can be down, and tells when it received. */
class Receiver {
  readonly stored = new Map<string, UsageEvent>();
  received = 0;
  down = false;
  #waiters: (() => void)[] = [];

  readonly send = (events: UsageEvent[]): Promise<void> => {
    if (this.down) return Promise.reject(new UsageSendError('connect ECONNREFUSED', true));
    this.received += events.length;
    for (const e of events) this.stored.set(e.id, e);
    for (const wake of this.#waiters.splice(0)) wake();
    return Promise.resolve();
  };

  /** Resolves once `count` distinct events are stored. */
  async holding(count: number): Promise<void> {
    while (this.stored.size < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'usage-spool-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const shipper = (
  receiver: Receiver,
  overrides: Partial<ConstructorParameters<typeof UsageShipper>[0]> = {},
) =>
  new UsageShipper({
    spoolDir: dir,
    send: receiver.send,
    logger,
    retryMinMs: 5,
    retryMaxMs: 20,
    ...overrides,
  });

describe(UsageShipper.name, () => {
  it('sends events in batches', async () => {
    const receiver = new Receiver();
    const usage = shipper(receiver, { batchSize: 3 });
    await usage.start();
    for (let i = 0; i < 7; i += 1) usage.record(event());
    await usage.flush();
    expect(receiver.stored.size).toBe(7);
    await usage.close();
  });

  it('keeps events on disk while the control plane is down and delivers each exactly once when it is back', async () => {
    const receiver = new Receiver();
    const usage = shipper(receiver);
    await usage.start();
    receiver.down = true;
    const sent = Array.from({ length: 25 }, event);
    for (const [i, e] of sent.entries()) {
      usage.record(e);
      if (i % 5 === 4) await usage.flush();
    }
    await usage.flush();
    expect(usage.spooledEvents).toBe(25);
    expect((await readdir(dir)).filter((name) => name.endsWith('.ndjson')).length).toBeGreaterThan(0);

    receiver.down = false;
    await receiver.holding(25);
    await usage.flush();
    expect([...receiver.stored.keys()].sort()).toEqual(sent.map((e) => e.id).sort());
    expect(receiver.received).toBe(25);
    expect(usage.spooledEvents).toBe(0);
    expect(await readdir(dir)).toEqual([]);
    await usage.close();
  });

  it('spools what is in memory at shutdown and sends it after a restart', async () => {
    const receiver = new Receiver();
    receiver.down = true;
    const first = shipper(receiver);
    await first.start();
    const e = event();
    first.record(e);
    await first.close();
    expect(receiver.stored.size).toBe(0);

    receiver.down = false;
    const second = shipper(receiver);
    await second.start();
    await receiver.holding(1);
    expect(receiver.stored.has(e.id)).toBe(true);
    await second.close();
  });

  it('drops a batch the control plane refuses as invalid rather than resending it forever', async () => {
    let calls = 0;
    const usage = new UsageShipper({
      spoolDir: dir,
      logger,
      send: () => {
        calls += 1;
        return Promise.reject(new UsageSendError('usage batch answered 400', false));
      },
    });
    await usage.start();
    usage.record(event());
    await usage.flush();
    expect(calls).toBe(1);
    expect(usage.spooledEvents).toBe(0);
    await usage.close();
  });

  it('drops the oldest batches beyond its spool limit', async () => {
    const receiver = new Receiver();
    receiver.down = true;
    const usage = shipper(receiver, { maxSpooledEvents: 10, retryMinMs: 60_000, retryMaxMs: 60_000 });
    await usage.start();
    for (let batch = 0; batch < 4; batch += 1) {
      for (let i = 0; i < 4; i += 1) usage.record(event());
      await usage.flush();
    }
    expect(usage.spooledEvents).toBeLessThanOrEqual(10);
    expect(usage.spooledEvents).toBeGreaterThan(0);
    await usage.close();
  });
});
