import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      resolve({ code, output });
    });
  });
}

describe('control plane process', () => {
  it('exits non-zero naming DATABASE_URL when it is not a URL', async () => {
    const { code, output } = await runMain({ DATABASE_URL: 'not-a-url' });
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL must be a PostgreSQL URL');
    expect(output).not.toContain('listening');
  });

  it('names every bad variable at once', async () => {
    const { code, output } = await runMain({ CONTROL_PLANE_PORT: '99999', REDIS_URL: 'localhost:6379' });
    expect(code).toBe(1);
    expect(output).toContain('CONTROL_PLANE_PORT');
    expect(output).toContain('REDIS_URL');
  });
});
