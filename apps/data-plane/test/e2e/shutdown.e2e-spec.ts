import { once } from 'node:events';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openAiErrorBodySchema } from '@portcullis/contracts';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnDataPlane, type DataPlaneProcess } from './data-plane-process.js';
import { connectionError } from '@portcullis/testing';

const running: DataPlaneProcess[] = [];

afterEach(() => {
  for (const dataPlane of running.splice(0)) {
    if (dataPlane.child.exitCode === null && dataPlane.child.signalCode === null) {
      dataPlane.child.kill('SIGKILL');
    }
  }
});

function rawResponse(socket: net.Socket): Promise<{ status: number; head: string; body: string }> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return once(socket, 'close').then(() => {
    const text = Buffer.concat(chunks).toString('utf8');
    const split = text.indexOf('\r\n\r\n');
    const head = text.slice(0, split);
    return { status: Number(head.split(' ')[1]), head: head.toLowerCase(), body: text.slice(split + 4) };
  });
}

describe('data plane graceful shutdown', () => {
  it(
    'finishes an in-flight upload after SIGTERM, refuses new connections and exits 0',
    { timeout: 30_000 },
    async () => {
      const dataPlane = spawnDataPlane({
        DATA_PLANE_PORT: '0',
        DATA_PLANE_HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        // Longer than the test timeout: if the drain waited on the idle connection, the test fails.
        DRAIN_TIMEOUT_MS: '120000',
        DATA_PLANE_DATA_DIR: path.join(os.tmpdir(), 'portcullis-dp-e2e'),
      });
      running.push(dataPlane);

      const listening = await dataPlane.waitForLog(
        (line) => line.msg?.startsWith('data plane listening on') === true,
      );
      const port = Number(
        /^data plane listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(listening.msg ?? '')?.[1],
      );
      expect(port).toBeGreaterThan(0);
      expect(listening['port']).toBe(port);

      // An idle keep-alive connection must not hold the drain open.
      const idleClient = new Client(`http://127.0.0.1:${port}`, { keepAliveTimeout: 600_000 });
      const health = await idleClient.request({ path: '/healthz', method: 'GET' });
      expect(health.statusCode).toBe(200);
      await health.body.text();
      const idleDisconnected = once(idleClient, 'disconnect');

      const head = '{"model":"gpt-4o","messages":[{"role":"user",';
      const tail = '"content":"hello"}]}';
      const upload = net.connect(port, '127.0.0.1');
      await once(upload, 'connect');
      const response = rawResponse(upload);
      upload.write(
        'POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nx-request-id: e2e-upload\r\n' +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(head + tail)}\r\n\r\n${head}`,
      );
      await dataPlane.waitForLog(
        (line) => line.msg === 'request received' && line['requestId'] === 'e2e-upload',
      );

      dataPlane.child.kill('SIGTERM');
      const draining = await dataPlane.waitForLog((line) => line.msg === 'draining');
      expect(draining['inFlight']).toBe(1);
      expect(await connectionError(port)).toBe('ECONNREFUSED');

      upload.write(tail);
      const res = await response;
      expect(res.status).toBe(503);
      expect(res.head).toContain('\r\nx-request-id: e2e-upload');
      expect(res.head).toContain('\r\nconnection: close');
      expect(res.head).toContain('\r\ncontent-type: application/json');
      expect(openAiErrorBodySchema.parse(JSON.parse(res.body)).error).toMatchObject({
        type: 'service_unavailable',
        code: 'not_ready',
      });

      expect(await dataPlane.exited).toEqual({ code: 0, signal: null });
      expect(await dataPlane.waitForLog((line) => line.msg === 'data plane stopped')).toMatchObject({
        forced: false,
      });
      await idleDisconnected;
      await idleClient.close();
    },
  );
});
