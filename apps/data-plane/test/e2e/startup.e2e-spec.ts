import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnDataPlane } from './data-plane-process.js';

describe('data plane start-up', () => {
  it.each([
    ['DATA_PLANE_PORT', 'abc'],
    ['DATA_PLANE_PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['CONTROL_PLANE_URL', 'ftp://control-plane'],
  ])('exits non-zero naming %s when it is %j', { timeout: 30_000 }, async (variable, value) => {
    const dataPlane = spawnDataPlane({ DATA_PLANE_HOST: '127.0.0.1', [variable]: value });

    const { code } = await dataPlane.exited;

    expect(code).toBe(1);
    const fatal = await dataPlane.waitForLog((line) => line['level'] === 60);
    expect(fatal.msg).toContain(variable);
    expect(dataPlane.output.join('\n')).not.toContain('listening');
  });
});

describe('data plane start-up without an identity', () => {
  it(
    'exits non-zero naming DATA_PLANE_ENROLLMENT_TOKEN when it cannot enroll',
    { timeout: 30_000 },
    async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'portcullis-dp-'));
      try {
        const dataPlane = spawnDataPlane({
          DATA_PLANE_HOST: '127.0.0.1',
          DATA_PLANE_PORT: '0',
          DATA_PLANE_DATA_DIR: dataDir,
          CONTROL_PLANE_URL: 'http://127.0.0.1:9',
        });

        const { code } = await dataPlane.exited;

        expect(code).toBe(1);
        const fatal = await dataPlane.waitForLog((line) => line['level'] === 60);
        expect(fatal.msg).toContain('DATA_PLANE_ENROLLMENT_TOKEN');
        expect(dataPlane.output.join('\n')).not.toContain('listening');
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
