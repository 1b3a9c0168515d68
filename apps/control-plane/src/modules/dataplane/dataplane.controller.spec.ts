import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminErrorFilter } from '../../platform/errors/admin-error.filter.js';
import type { NodeRequest } from './current-node.decorator.js';
import { DataplaneController } from './dataplane.controller.js';
import type { DataplaneNodeEntity } from './entities/dataplane-node.entity.js';
import { NodeAuthGuard } from './node-auth.guard.js';
import { type ConfigPoll, type ConfigPollResult, NodeConfigService } from './node-config.service.js';
import { NodeEnrollmentService } from './node-enrollment.service.js';

/** The HTTP side of the long-poll (status, headers, gzip, abort) with the poll itself stubbed. */

const node = { id: '3f2b9c1e-8a4d-4e2f-9b7a-1c2d3e4f5a6b' } as DataplaneNodeEntity;
const JWS = `eyJhbGciOiJFZERTQSJ9.${'e30'.repeat(400)}.c2lnbmF0dXJl`;

let app: INestApplication;
let url: string;
const poll = vi.fn<(input: ConfigPoll) => Promise<ConfigPollResult>>();

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    controllers: [DataplaneController],
    providers: [
      { provide: NodeEnrollmentService, useValue: {} },
      { provide: NodeConfigService, useValue: { poll } },
    ],
  })
    .overrideGuard(NodeAuthGuard)
    .useValue({
      canActivate: (context: { switchToHttp: () => { getRequest: () => NodeRequest } }) => {
        context.switchToHttp().getRequest().dataplaneNode = node;
        return true;
      },
    })
    .compile();
  app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new AdminErrorFilter(pino({ level: 'silent' })));
  await app.listen(0, '127.0.0.1');
  url = await app.getUrl();
});

afterAll(async () => {
  await app.close();
});

beforeEach(() => {
  poll.mockReset();
});

describe(`${DataplaneController.name} GET /dataplane/v1/config`, () => {
  it('sends a bundle as application/jose with its revision and kind, not as JSON', async () => {
    poll.mockResolvedValue({
      kind: 'bundle',
      bundle: { revision: 42, kind: 'delta', jws: Buffer.from(JWS) },
    });
    const response = await fetch(`${url}/dataplane/v1/config?since=40&wait=5`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jose');
    expect(response.headers.get('x-portcullis-revision')).toBe('42');
    expect(response.headers.get('x-portcullis-bundle-kind')).toBe('delta');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await response.text()).toBe(JWS);
    expect(poll).toHaveBeenCalledWith(
      expect.objectContaining({
        node,
        since: 40,
        waitSeconds: 5,
        signal: expect.any(AbortSignal) as unknown,
      }),
    );
  });

  it('gzips the bundle when the node accepts gzip', async () => {
    poll.mockResolvedValue({
      kind: 'bundle',
      bundle: { revision: 42, kind: 'snapshot', jws: Buffer.from(JWS) },
    });
    const response = await fetch(`${url}/dataplane/v1/config?since=0`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(Number(response.headers.get('content-length'))).toBeLessThan(JWS.length);
    expect(await response.text()).toBe(JWS); // fetch inflates it
    expect(poll).toHaveBeenCalledWith(expect.objectContaining({ since: 0, waitSeconds: 30 }));
  });

  it('answers 304 with no body when nothing is newer', async () => {
    poll.mockResolvedValue({ kind: 'unchanged', revision: 40 });
    const response = await fetch(`${url}/dataplane/v1/config?since=40&wait=1`);
    expect(response.status).toBe(304);
    expect(response.headers.get('x-portcullis-revision')).toBe('40');
    expect(await response.text()).toBe('');
  });

  it.each([
    ['', ['since']],
    ['since=-1', ['since']],
    ['since=abc', ['since']],
    ['since=1&wait=0', ['wait']],
    ['since=1&wait=61', ['wait']],
    ['since=1.5&wait=2.5', ['since', 'wait']],
  ])('refuses ?%s naming %j', async (query, fields) => {
    const response = await fetch(`${url}/dataplane/v1/config?${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fields: { field: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect([...new Set(body.error.fields.map((problem) => problem.field))]).toEqual(fields);
    expect(poll).not.toHaveBeenCalled();
  });

  it('stops waiting when the node disconnects', async () => {
    let seen: AbortSignal | undefined;
    poll.mockImplementation(
      ({ signal }) =>
        new Promise((resolve) => {
          seen = signal;
          signal.addEventListener('abort', () => {
            resolve({ kind: 'unchanged', revision: 1 });
          });
        }),
    );
    const client = new AbortController();
    const request = fetch(`${url}/dataplane/v1/config?since=1&wait=60`, { signal: client.signal });
    await vi.waitFor(() => {
      expect(seen).toBeDefined();
    });
    expect(seen?.aborted).toBe(false);
    client.abort();
    await expect(request).rejects.toThrow();
    await vi.waitFor(() => {
      expect(seen?.aborted).toBe(true);
    });
  });
});
