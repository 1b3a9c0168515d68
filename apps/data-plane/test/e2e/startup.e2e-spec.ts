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
