import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { AppError, ErrorCode } from '../../platform/errors/app-error.js';
import type { ConfigPublisherReader, SignedBundle } from '../config-publisher/config-publisher.reader.js';
import type { DataplaneNodeEntity } from './entities/dataplane-node.entity.js';
import { NodeConfigService } from './node-config.service.js';
import type { NodePoll, NodesRepository } from './nodes.repository.js';

const node = { id: '3f2b9c1e-8a4d-4e2f-9b7a-1c2d3e4f5a6b', revokedAt: null } as DataplaneNodeEntity;

function setup(options: { current: number; afterWait?: number; revokedDuringWait?: boolean }) {
  const polls: NodePoll[] = [];
  const bundle = (since: number): SignedBundle => ({
    revision: options.afterWait ?? options.current,
    kind: since === 0 ? 'snapshot' : 'delta',
    jws: Buffer.from('header.payload.signature'),
  });
  const publisher = {
    currentRevision: vi.fn(() => Promise.resolve(options.current)),
    waitForRevision: vi.fn((after: number) => Promise.resolve(options.afterWait ?? after)),
    signedBundle: vi.fn((since: number) => Promise.resolve(bundle(since))),
    sealedSecretsFor: vi.fn(() => Promise.reject(new Error('not yet'))),
  };
  const nodes = {
    recordPoll: vi.fn((poll: NodePoll) => {
      polls.push(poll);
      return Promise.resolve(true);
    }),
    findById: vi.fn(() =>
      Promise.resolve({ id: node.id, revokedAt: options.revokedDuringWait === true ? new Date() : null }),
    ),
  };
  const service = new NodeConfigService(
    nodes as unknown as NodesRepository,
    publisher as unknown as ConfigPublisherReader,
    pino({ level: 'silent' }),
  );
  const poll = (since: number) =>
    service.poll({
      node,
      since,
      waitSeconds: 5,
      remoteAddress: '10.0.0.7',
      signal: new AbortController().signal,
    });
  return { service, publisher, nodes, polls, poll };
}

describe(NodeConfigService.name, () => {
  it('answers a node that is behind at once, without waiting', async () => {
    const { poll, publisher, polls } = setup({ current: 12 });
    expect(await poll(10)).toMatchObject({ kind: 'bundle', bundle: { revision: 12, kind: 'delta' } });
    expect(publisher.waitForRevision).not.toHaveBeenCalled();
    expect(publisher.signedBundle).toHaveBeenCalledWith(10);
    expect(polls).toEqual([
      expect.objectContaining({ nodeId: node.id, since: 10, current: 12, remoteAddress: '10.0.0.7' }),
    ]);
  });

  it('gives a snapshot at once to a node ahead of the current revision (a restored database)', async () => {
    const { poll, publisher } = setup({ current: 5 });
    expect(await poll(9)).toMatchObject({ kind: 'bundle' });
    expect(publisher.waitForRevision).not.toHaveBeenCalled();
    expect(publisher.signedBundle).toHaveBeenCalledWith(9);
  });

  it('waits when the node is current, and says unchanged when nothing came', async () => {
    const { poll, publisher } = setup({ current: 7 });
    expect(await poll(7)).toEqual({ kind: 'unchanged', revision: 7 });
    expect(publisher.waitForRevision).toHaveBeenCalledWith(7, 5000, expect.any(AbortSignal));
    expect(publisher.signedBundle).not.toHaveBeenCalled();
  });

  it('answers with the bundle when a revision commits during the wait', async () => {
    const { poll, publisher } = setup({ current: 7, afterWait: 8 });
    expect(await poll(7)).toMatchObject({ kind: 'bundle', bundle: { revision: 8 } });
    expect(publisher.signedBundle).toHaveBeenCalledWith(7);
  });

  it('sends nothing to a node revoked during the wait', async () => {
    const { poll, publisher } = setup({ current: 7, afterWait: 8, revokedDuringWait: true });
    await expect(poll(7)).rejects.toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
    expect(publisher.signedBundle).not.toHaveBeenCalled();
  });

  it('refuses a node revoked between its assertion and the poll', async () => {
    const { poll, nodes } = setup({ current: 7 });
    nodes.recordPoll.mockResolvedValueOnce(false);
    await expect(poll(7)).rejects.toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
  });

  it('turns a publisher failure into 503, for polls and for secrets', async () => {
    const { poll, service, publisher } = setup({ current: 3 });
    publisher.signedBundle.mockRejectedValueOnce(new Error('signedBundle: not implemented yet'));
    const refused = await poll(1).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: ErrorCode.UNAVAILABLE, status: 503 });
    await expect(service.secrets(node)).rejects.toMatchObject({ code: ErrorCode.UNAVAILABLE });
  });
});
